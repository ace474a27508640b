import { graphql, readFragment } from '../../../cway/graphql.js';
import { CapabilityError } from '../../../errors.js';
import { ArtworkBasics } from '../../artworks/fragments.js';
import type { CapabilityContext } from '../../define.js';
import { docId, webLinks } from '../refs.js';
import { facts, joinSections, type Document } from './document.js';

const FetchArtwork = graphql(
  `
    query FetchArtwork($id: UUID!) {
      artwork(id: $id) {
        ...ArtworkBasics
        category {
          name
        }
        users {
          username
          name
          isApprover
          isSupplier
          isReceiver
          approver {
            approved
            rejected
            deadline
          }
        }
        teams {
          name
          approvalMode
          isApprover
          isSupplier
          isReceiver
          approvalState
        }
        revisions {
          id
        }
        currentRevision {
          revisionNo
          name
          comment
          created
          createdBy {
            username
          }
          corrections {
            number
            text
            valid
            created
            commentedBy {
              username
            }
          }
        }
      }
    }
  `,
  [ArtworkBasics],
);

const MAX_CORRECTIONS = 30;

const notFound = (key: string) =>
  new CapabilityError('not_found', `No artwork with id ${key} is visible to you.`, {
    hint: 'Use search with a word of its name, or get_project to list the artworks of its project.',
  });

export async function readArtwork(key: string, ctx: CapabilityContext): Promise<Document> {
  const data = await ctx.cway.request(FetchArtwork, { id: key }, { signal: ctx.signal }).catch((err: unknown) => {
    if (err instanceof CapabilityError && err.code === 'not_found') throw notFound(key);
    throw err;
  });
  if (!data.artwork) throw notFound(key);
  const a = { ...data.artwork, ...readFragment(ArtworkBasics, data.artwork) };

  const roles = (f: { isApprover: boolean; isSupplier: boolean; isReceiver: boolean }) =>
    [f.isApprover && 'approver', f.isSupplier && 'supplier', f.isReceiver && 'receiver'].filter(Boolean).join(', ');
  const people = a.users.map((u) => {
    const decision = !u.isApprover
      ? ''
      : u.approver?.approved
        ? ', approved'
        : u.approver?.rejected
          ? ', rejected'
          : ', undecided';
    const deadline = u.approver?.deadline ? `, deadline ${u.approver.deadline}` : '';
    return `- ${u.name} (${u.username}): ${roles(u)}${decision}${deadline}`;
  });
  const teams = a.teams.map((t) => `- Team ${t.name}: ${roles(t)}; ${t.approvalMode}; ${t.approvalState}`);
  const rev = a.currentRevision;
  const corrections = (rev?.corrections ?? [])
    .slice(0, MAX_CORRECTIONS)
    .map(
      (c) => `- #${c.number}${c.valid ? '' : ' (invalidated)'} by ${c.commentedBy.username} on ${c.created}: ${c.text}`,
    );
  if ((rev?.corrections.length ?? 0) > MAX_CORRECTIONS)
    corrections.push(`… and ${rev!.corrections.length - MAX_CORRECTIONS} more.`);

  const text = joinSections([
    `Artwork: ${a.name} (project ${a.projectName})`,
    facts([
      ['State', a.state],
      ['Status', a.status],
      ['Category', a.category.name],
      ['Orderer', `${a.orderer.name} (${a.orderer.username})`],
      ['Created', a.created],
      ['Start', a.startDate],
      ['Deadline', a.endDate],
      ['Approved at', a.approvalDate],
      ['Delivered at', a.deliveryDate],
      ['Revisions', a.revisions.length],
    ]),
    a.description ? `Description:\n${a.description}` : null,
    people.length || teams.length ? ['People:', ...people, ...teams] : 'Nobody is assigned.',
    rev
      ? [
          `Current revision ${rev.revisionNo}${rev.name ? ` (${rev.name})` : ''}, ${rev.created}${rev.createdBy ? ` by ${rev.createdBy.username}` : ''}${rev.comment ? `: ${rev.comment}` : ''}`,
          ...(corrections.length ? ['Corrections:', ...corrections] : ['No corrections.']),
        ]
      : 'No revision uploaded yet.',
  ]);

  return {
    id: docId('artwork', a.id),
    title: `Artwork: ${a.name}`,
    text,
    url: webLinks(ctx.services.webBaseUrl).artwork(a.projectId, a.id),
    metadata: {
      type: 'artwork',
      state: a.state,
      status: a.status,
      projectId: a.projectId,
      projectName: a.projectName,
      category: a.category.name,
      endDate: a.endDate ?? null,
      revision: rev ? Number(rev.revisionNo) : null,
    },
  };
}
