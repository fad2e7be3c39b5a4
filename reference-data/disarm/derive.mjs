/* global process, console */
// Derives disarm-red-framework.json from the DISARM Foundation's STIX bundle and master data.
// Usage: node reference-data/disarm/derive.mjs <path to the brief's shared/data/disarm>
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const source = process.argv[2];
if (!source) throw new Error('Give the path of shared/data/disarm');
const bundle = JSON.parse(
  readFileSync(path.join(source, 'upstream/generated_files/DISARM_STIX/DISARM.json'), 'utf8'),
);
const master = JSON.parse(readFileSync(path.join(source, 'derived/disarm-frameworks-master.json'), 'utf8'));

const externalOf = (object) => object.external_references.find((ref) => ref.external_id);
const tacticsByShortname = new Map();
const tactics = bundle.objects
  .filter((o) => o.type === 'x-mitre-tactic')
  .map((o) => {
    const id = externalOf(o).external_id;
    const row = master.tactics.find((t) => t.disarm_id === id);
    if (!row) throw new Error(`No master row for ${id}`);
    tacticsByShortname.set(o.x_mitre_shortname, id);
    return {
      id,
      name: o.name,
      description: o.description,
      phaseId: row.phase_id,
      order: Number(row.rank),
      stixId: o.id,
      url: externalOf(o).url,
    };
  })
  .sort((a, b) => a.order - b.order);

const techniques = bundle.objects
  .filter((o) => o.type === 'attack-pattern')
  .map((o) => {
    const id = externalOf(o).external_id;
    const tacticId = tacticsByShortname.get(o.kill_chain_phases[0].phase_name);
    if (!tacticId) throw new Error(`No tactic for ${id}`);
    return {
      id,
      name: o.name,
      description: o.description ?? '',
      tacticId,
      parentId: id.includes('.') ? id.split('.')[0] : null,
      stixId: o.id,
      url: externalOf(o).url,
    };
  })
  .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const ids = new Set(techniques.map((t) => t.id));
for (const t of techniques) if (t.parentId && !ids.has(t.parentId)) throw new Error(`Orphan ${t.id}`);

const phases = master.phases
  .map((p) => ({ id: p.disarm_id, name: p.name, description: p.summary, order: Number(p.rank) }))
  .sort((a, b) => a.order - b.order);

const here = path.dirname(fileURLToPath(import.meta.url));
writeFileSync(
  path.join(here, 'disarm-red-framework.json'),
  `${JSON.stringify(
    {
      attribution: 'DISARM Foundation, DISARM Framework (Red Framework v1.6), CC BY-SA 4.0',
      licence: 'CC-BY-SA-4.0',
      licenceUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
      sourceUrl: 'https://github.com/DISARMFoundation/DISARMframeworks',
      markingDefinitionId: 'marking-definition--f79f25d2-8b96-4580-b169-eb7b613a7c31',
      identityId: 'identity--f1a0f560-2d9e-4c5d-bf47-7e96e805de82',
      phases,
      tactics,
      techniques,
    },
    null,
    2,
  )}\n`,
);
console.log(`${phases.length} phases, ${tactics.length} tactics, ${techniques.length} techniques`);
