// Regenerates diacritics.go's cases from hexo-util (npm install hexo-util@3.3.0 in this directory):
//   node gen-diacritics.js > cases.txt
// Generates the Go switch for hexo-util's escapeDiacritic table.
const src = require('fs').readFileSync('node_modules/hexo-util/dist/escape_diacritic.js', 'utf8');
const m = src.match(/const defaultDiacriticsRemovalap = (\[[\s\S]*?\]);/);
const table = eval(m[1]);
const byBase = new Map();
for (const {base, letters} of table) {
  for (const ch of letters.split('')) {
    if (ch.charCodeAt(0) <= 0x7e) continue; // the regexp only replaces [^\u0000-\u007E]
    if (!byBase.has(base)) byBase.set(base, []);
    byBase.get(base).push(ch.codePointAt(0));
  }
}
let out = '';
for (const [base, cps] of byBase) {
  const lits = cps.map(c => '0x' + c.toString(16).toUpperCase().padStart(4, '0'));
  out += `\tcase ${lits.join(', ')}:\n\t\treturn "${base}"\n`;
}
process.stdout.write(out);
