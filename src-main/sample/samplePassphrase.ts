// A passphrase for the sample workspace: five short words and two digits, shown once.
import { randomInt } from 'node:crypto';

const WORDS = [
  'amber', 'anchor', 'basil', 'beacon', 'birch', 'bramble', 'canal', 'cedar', 'clover', 'comet', 'copper', 'dune',
  'ember', 'fen', 'fern', 'flint', 'garnet', 'harbour', 'hazel', 'heron', 'indigo', 'juniper', 'kestrel', 'lantern',
  'linen', 'maple', 'meadow', 'willow', 'orbit', 'otter', 'pebble', 'pepper', 'quartz', 'raven', 'river', 'saffron',
  'sparrow', 'spruce', 'thistle', 'timber', 'topaz', 'tulip', 'velvet', 'walnut', 'wren', 'yarrow', 'zephyr', 'lark',
];

export function samplePassphrase(): string {
  const words = Array.from({ length: 5 }, () => WORDS[randomInt(WORDS.length)] ?? 'fen');
  return `${words.join('-')}-${randomInt(10, 100)}`;
}
