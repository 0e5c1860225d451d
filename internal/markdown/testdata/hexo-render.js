// Renders Markdown from stdin as Hexo's default renderer does (hexo-renderer-marked 7.0.1 with
// Hexo's default marked options). Used to produce testdata/heading-ids.txtar:
//   npm install hexo-renderer-marked@7.0.1 && node hexo-render.js < in.md
// usage: node render.js < file.md   (hexo-renderer-marked 7 defaults)
const r = require('hexo-renderer-marked/lib/renderer');
const fs = require('fs');
const breaks = process.env.BREAKS !== '0';
const ctx = {
  config: { url: 'http://example.com', marked: {
    gfm: true, pedantic: false, breaks, smartLists: true, smartypants: true, modifyAnchors: 0,
    autolink: true, mangle: false, sanitizeUrl: false, dompurify: false, headerIds: true, anchorAlias: false,
    lazyload: false, prependRoot: false, postAsset: false, external_link: {enable:false, exclude:[], nofollow:false},
    descriptionLists: true } },
  execFilterSync() {},
};
process.stdout.write(r.call(ctx, { text: fs.readFileSync(0, 'utf8') }, {}));
