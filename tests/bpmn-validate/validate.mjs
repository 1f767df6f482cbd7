// Independent checks of an executable BPMN export (tests only): the file must parse with
// bpmn-moddle and the engine's moddle extension without a single warning (unknown elements,
// attributes or references), and bpmnlint with bpmnlint-plugin-camunda-compat must report no
// error and no warning for the engine version, nor an error of bpmnlint's recommended rules.
//   node validate.mjs camunda8|camunda7 FILE.bpmn...   exit 0 clean, 1 findings, 2 usage
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const BpmnModdle = require('bpmn-moddle').default ?? require('bpmn-moddle');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

const [flavour, ...files] = process.argv.slice(2);
const platforms = {
  camunda8: { extension: { zeebe: require('zeebe-bpmn-moddle/resources/zeebe.json') }, config: 'camunda-cloud-8-8' },
  camunda7: { extension: { camunda: require('camunda-bpmn-moddle/resources/camunda.json') }, config: 'camunda-platform-7-24' },
};
const platform = platforms[flavour];
if (!platform || files.length === 0) {
  console.error('usage: node validate.mjs camunda8|camunda7 FILE.bpmn...');
  process.exit(2);
}

let failures = 0;
for (const file of files) {
  const moddle = new BpmnModdle(platform.extension);
  const { rootElement, warnings } = await moddle.fromXML(readFileSync(file, 'utf8'));
  for (const w of warnings) {
    console.log(`${file}: moddle: ${w.message}`);
    failures++;
  }
  const lint = async (config, levels) => {
    const linter = new Linter({ config, resolver: new NodeResolver({ require }) });
    const results = await linter.lint(rootElement);
    for (const [rule, reports] of Object.entries(results)) {
      for (const r of reports) {
        if (!levels.includes(r.category)) continue;
        console.log(`${file}: ${rule} (${r.category}): ${r.id ?? ''} ${r.message}`);
        failures++;
      }
    }
  };
  await lint({ extends: `plugin:camunda-compat/${platform.config}` }, ['error', 'warn']);
  await lint({ extends: 'bpmnlint:recommended' }, ['error']);
}
process.exit(failures === 0 ? 0 : 1);
