import { verifyAuditChain } from '../features/audit/audit-verify.js';
import { cliConfig, withDatabase } from './cli-database.js';
import { print } from './cli-input.js';

export const verifyAudit = async (): Promise<void> => {
  const result = await withDatabase(cliConfig(), (db) => verifyAuditChain(db));
  if (result.ok) {
    print(`audit trail intact: ${result.checked} entries`);
    if (result.head)
      print(
        `head: entry ${result.head.seq}, hash ${result.head.hash} (keep this elsewhere to detect a rewritten tail later)`,
      );
    return;
  }
  print(`audit trail BROKEN: ${result.problems.length} problem(s) in ${result.checked} entries`);
  for (const problem of result.problems)
    print(`  entry ${problem.seq}: ${problem.kind} — ${problem.message}`);
  process.exitCode = 1;
};
