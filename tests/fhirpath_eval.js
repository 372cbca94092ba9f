// Evaluates FHIRPath expressions with fhirpath.js (the engine LHC-Forms uses) and the R4 model.
// stdin: [[expression, questionnaireResponse], ...]; stdout: [result, ...], each a JSON array.
const fhirpath = require("fhirpath");
const r4 = require("fhirpath/fhir-context/r4");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const compiled = new Map();
  const results = JSON.parse(input).map(([expression, resource]) => {
    if (!compiled.has(expression)) compiled.set(expression, fhirpath.compile(expression, r4));
    return compiled.get(expression)(resource, { resource });
  });
  process.stdout.write(JSON.stringify(results));
});
