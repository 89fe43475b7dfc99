// Compressed forms of the URIs in compressed_support.inputs(), made by GS1's own toolkit
// (GS1DigitalLinkToolkit.js as shipped in the npm package digital-link.js 1.4.3): an
// implementation independent of appraiser/server/dl_compression.py, used only to make the
// test vectors. Reads {"stem", "uris"} on stdin, writes the vectors JSON on stdout.
const Toolkit = require("digital-link.js/lib/GS1DigitalLinkCompressionPrototype/GS1DigitalLinkToolkit");

const toolkit = new Toolkit();
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const vectors = [];
for (const uri of input.uris) {
  for (const optimised of [false, true]) {
    // (uri, useShortText, uriStem, uncompressedPrimary, useOptimisations, compressOtherKeyValuePairs)
    const compressed = toolkit.compressGS1DigitalLink(uri, false, input.stem, false, optimised, true);
    vectors.push({ uri, optimised, compressed });
  }
}
const out = { generator: "GS1DigitalLinkToolkit.js from npm digital-link.js 1.4.3", vectors };
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
