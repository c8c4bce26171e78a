// Records sent from the reader to the pipeline over a port (recordChannel.ts): the same rows as
// reading the file directly, whatever chunk boundaries fall inside records, with buffers given
// away whole; no more than RECORD_BATCHES_AHEAD batches ahead of the pipeline; and a file that
// breaks mid-way reported to the pipeline as the reader's error, with its line.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { describeSource } from '../../../src-main/import/importWorkerProtocol.ts';
import { openSource } from '../../../src-main/import/openSource.ts';
import { RECORD_BATCHES_AHEAD, RecordSender, receivedSource } from '../../../src-main/import/recordChannel.ts';
import type { RecordsTaken } from '../../../src-main/import/recordChannel.ts';
import { rowsOf, type SourceRow } from '../../../src-main/import/tableSource.ts';
import { TempDir } from './importTestKit.ts';

const dir = new TempDir();
afterAll(() => dir.remove());

/** A CSV of `rows` rows, some with quoted delimiters, quotes and line breaks, a few MB long. */
function awkwardCsv(rows: number): string {
  const lines = ['Nominal Ref,Date Committed,Gender,Notes'];
  for (let i = 0; i < rows; i++) {
    const note = i % 5 === 0 ? `"said ""stop"", then\nleft, ${i}"` : i % 3 === 0 ? `"a, b ${i}"` : `plain ${i}`;
    lines.push(`NM${100000 + i},0${1 + (i % 9)}/05/2021,${i % 2 ? 'M' : 'F'},${note}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Opens `path` twice: a reader sending over a channel, and the pipeline's view of what it sends. */
async function channelOf(path: string) {
  const reading = await openSource(path);
  const channel = new MessageChannel();
  const sender = new RecordSender(channel.port1);
  channel.port1.on('message', (message: RecordsTaken) => {
    if (message.type === 'taken') sender.taken();
  });
  const received = receivedSource(describeSource(reading), channel.port2);
  return { reading, sender, received, channel };
}

async function allRows(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const all: SourceRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

function close(...ports: MessagePort[]): void {
  for (const port of ports) port.close();
}

describe('records sent to the pipeline over a port', () => {
  it('are the rows of the file read directly, buffers and all', async () => {
    const path = dir.write('awkward.csv', awkwardCsv(40_000));
    const { reading, sender, received, channel } = await channelOf(path);
    const sending = sender.send(reading);
    const sent = await allRows(rowsOf(received));
    await sending;
    close(channel.port1, channel.port2);

    const direct = await openSource(path);
    const expected = await allRows(rowsOf(direct));
    expect(expected.length).toBe(40_000);
    expect(sent).toEqual(expected);
    expect(received.headers).toEqual(['Nominal Ref', 'Date Committed', 'Gender', 'Notes']);
    expect(received.bytesRead()).toBe(received.bytesTotal);
  });

  it(`stay at most ${RECORD_BATCHES_AHEAD} batches ahead of the pipeline`, async () => {
    const path = dir.write('long.csv', awkwardCsv(60_000));
    const { reading, sender, received, channel } = await channelOf(path);
    let arrived = 0;
    channel.port2.on('message', () => arrived++);
    const sending = sender.send(reading);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(arrived).toBe(RECORD_BATCHES_AHEAD);

    const records = received.records()[Symbol.asyncIterator]();
    await records.next();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(arrived).toBe(RECORD_BATCHES_AHEAD + 1);

    for (let next = await records.next(); !next.done; next = await records.next());
    await sending;
    close(channel.port1, channel.port2);
  });

  it("end with the reader's error, with its line, when the file breaks", async () => {
    const path = dir.write('broken.csv', `${awkwardCsv(20_000)}NM1,01/05/2021,"F\n`);
    const { reading, sender, received, channel } = await channelOf(path);
    const sending = sender.send(reading);
    await expect(allRows(rowsOf(received))).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(/broken\.csv, line \d+/),
    });
    await sending;
    close(channel.port1, channel.port2);
  });
});
