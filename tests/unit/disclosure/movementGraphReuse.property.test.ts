// Property: cheapestMovement keeps one graph per network, cleared (FlowGraph.clear) and built
// again whenever a call needs edges or rooms the last one did not. A run of calls on the same network, each with its own prices, target and
// second room, gives every call exactly what the same call gives on a copy of the network that
// has never been asked anything (a graph of its own, made for that call alone). And a run whose
// prices only fall between calls (a fix hiding cells), where the kept graph is not built again
// but has its costs changed and each call's target taken out of it, gives each call what a graph
// built for it alone without the target's edges gives (the path taken with a second room that
// nothing may use: it builds its graph afresh every call).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { type ArcRoom, cheapestMovement } from '../../../src-main/disclosure/boundedNetwork.ts';
import { keyedTable, placeCells } from '../../../src-main/disclosure/queryTable.ts';
import { buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { type TableNetwork, tableNetwork } from '../../../src-main/disclosure/tableNetwork.ts';
import { rawFrom } from './independentAttacker.ts';

interface Call {
  target: number;
  direction: 1 | -1;
  amount: number;
  /** Per arc: its price (null: it must not move). */
  prices: (number | null)[];
  /** Per arc: the price of its second room, when the call has one. */
  extra: (number | null)[] | null;
}

function fresh(net: TableNetwork): TableNetwork {
  return {
    ...net,
    from: net.from.slice(),
    to: net.to.slice(),
    value: net.value.slice(),
    node: net.node.slice(),
  };
}

function ask(net: TableNetwork, room: ArcRoom, call: Call) {
  const extraRoom: ArcRoom = { up: room.up.map(() => 3), down: room.down.map(() => 2) };
  return cheapestMovement(
    net,
    room,
    (arc) => call.prices[arc] ?? null,
    call.target,
    call.direction,
    call.amount,
    call.extra ? { room: extraRoom, price: (arc) => call.extra![arc] ?? null } : undefined,
  );
}

describe('cheapestMovement on a kept graph', () => {
  it('gives each call of a run what a never-used graph gives it', async () => {
    const price = fc.option(fc.integer({ min: 0, max: 5 }), { nil: null, freq: 3 });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((rows) =>
          fc.integer({ min: 2, max: 4 }).chain((cols) =>
            fc.record({
              counts: fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: cols, maxLength: cols }), {
                minLength: rows,
                maxLength: rows,
              }),
              calls: fc.array(
                fc.record({
                  target: fc.nat(),
                  direction: fc.constantFrom(1 as const, -1 as const),
                  amount: fc.integer({ min: 1, max: 6 }),
                  prices: fc.array(price, { minLength: 64, maxLength: 64 }),
                  extra: fc.option(fc.array(price, { minLength: 64, maxLength: 64 }), { nil: null }),
                }),
                { minLength: 2, maxLength: 6 },
              ),
            }),
          ),
        ),
        async ({ counts, calls }) => {
          const raw = rawFrom(counts);
          const model = buildModel([keyedTable(raw, placeCells(raw))], 'records');
          const [view] = await attackerViews(model);
          const net = tableNetwork(model, view!)!;
          const arcs = net.from.length;
          const room: ArcRoom = { up: new Float64Array(arcs).fill(Infinity), down: net.value.slice() };
          for (const call of calls) {
            const asked = { ...call, target: call.target % arcs };
            expect(ask(net, room, asked)).toEqual(ask(fresh(net), room, asked));
          }
        },
      ),
      { numRuns: 150, seed: 19 },
    );
  });
});

/** The same call on a copy never asked anything, by the path that builds its graph for the call alone. */
function builtForTheCall(net: TableNetwork, room: ArcRoom, call: Omit<Call, 'extra'>) {
  return cheapestMovement(
    fresh(net),
    room,
    (arc) => call.prices[arc] ?? null,
    call.target,
    call.direction,
    call.amount,
    { room, price: () => null },
  );
}

describe('cheapestMovement on a kept graph whose prices fall', () => {
  it('gives each call what a graph built for it alone gives', async () => {
    const price = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null, freq: 4 });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }).chain((rows) =>
          fc.integer({ min: 2, max: 4 }).chain((cols) =>
            fc.record({
              counts: fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: cols, maxLength: cols }), {
                minLength: rows,
                maxLength: rows,
              }),
              prices: fc.array(price, { minLength: 64, maxLength: 64 }),
              calls: fc.array(
                fc.record({
                  target: fc.nat(),
                  direction: fc.constantFrom(1 as const, -1 as const),
                  amount: fc.integer({ min: 1, max: 6 }),
                  hidden: fc.array(fc.nat(), { maxLength: 3 }),
                  newlyPriced: fc.boolean(),
                }),
                { minLength: 2, maxLength: 8 },
              ),
            }),
          ),
        ),
        async ({ counts, prices, calls }) => {
          const raw = rawFrom(counts);
          const model = buildModel([keyedTable(raw, placeCells(raw))], 'records');
          const [view] = await attackerViews(model);
          const net = tableNetwork(model, view!)!;
          const arcs = net.from.length;
          const room: ArcRoom = { up: new Float64Array(arcs).fill(Infinity), down: net.value.slice() };
          const now = prices.slice(0, arcs);
          for (const { target, direction, amount, hidden, newlyPriced } of calls) {
            // Hidden arcs move for free; an arc that could not move at all gains edges only sometimes.
            for (const arc of hidden) if (now[arc % arcs] !== null || newlyPriced) now[arc % arcs] = 0;
            const call = { target: target % arcs, direction, amount, prices: now.slice() };
            const kept = cheapestMovement(net, room, (arc) => call.prices[arc] ?? null, call.target, direction, amount);
            expect(kept).toEqual(builtForTheCall(net, room, call));
          }
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });
});
