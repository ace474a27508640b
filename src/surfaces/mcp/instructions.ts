/**
 * The server `instructions` a client gives its model. The first 512 characters stand alone
 * (some clients cut there): what Cway is and how the tools fit together. The rest is specific
 * to this process (toolsets served, read-only mode, resources and prompts).
 */
import { TOOLSETS, type Toolset } from '../../capabilities/define.js';

export const CORE_INSTRUCTIONS =
  'Cway is an artwork-approval and project-management service for packaging and print: projects hold ' +
  'artworks that move from upload through review and approval to delivery, with people as orderers, ' +
  'project managers, approvers, suppliers and receivers. Work in three steps: find or list (list_*, ' +
  'search_*) to get ids, get_* for details, then act. Ids are UUIDs; never guess one. Lists are paged: ' +
  'pass nextPage as page for more. Destructive actions ask for confirmation first.';

export interface InstructionFacts {
  toolsets: readonly Toolset[];
  readOnly: boolean;
  sandbox: boolean;
}

export function buildInstructions(f: InstructionFacts): string {
  const others = TOOLSETS.filter((t) => !f.toolsets.includes(t));
  const parts = [CORE_INSTRUCTIONS, ''];
  parts.push(
    `Toolsets served: ${f.toolsets.join(', ')}.${others.length ? ` Not served here: ${others.join(', ')}.` : ''}`,
  );
  if (f.readOnly) parts.push('This server is read-only: nothing can be changed through it.');
  else
    parts.push(
      'A destructive tool first answers status "confirmation_required" with a summary and a token: show the summary, ' +
        'and only if the user agrees call again with the same arguments and confirmationToken.',
    );
  parts.push(
    'Errors come back as tool results starting with "Error (<code>)" and end with what to try next. ' +
      'Results over 100,000 characters are cut and say so in "truncated": ask for a smaller page or narrow the filters.',
  );
  parts.push(
    'Resources: cway://me (who you are), cway://analytics/kpi-dashboard, cway://analytics/stagnation-alerts, cway://projects/{id}, cway://users/{username}, cway://artworks/{id} (JSON).',
  );
  if (f.sandbox) parts.push('This is the Cway sandbox with demo data, not a real Cway account.');
  return parts.join('\n');
}
