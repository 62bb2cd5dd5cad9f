import type { Migration } from 'kysely';
import * as initial from './2026-11-22T00-initial.js';
import * as workflowQueues from './2026-11-23T00-workflow-queues.js';
import * as consoleAggregates from './2026-11-23T01-console-aggregates.js';
import * as answerStats from './2026-11-24T00-answer-stats.js';
import * as dashboardCounts from './2026-11-25T00-dashboard-counts.js';
import * as qaDisagreementsFirst from './2026-11-23T02-qa-disagreements-first.js';
import * as mediaProjects from './2026-11-25T01-media-projects.js';
import * as dropShadowedQueueIndexes from './2026-11-26T00-drop-shadowed-queue-indexes.js';
import * as projectCreators from './2026-12-06T00-project-creators.js';
import * as escalationLimits from './2026-12-06T01-escalation-limits.js';
import * as apiTokens from './2026-12-06T02-api-tokens.js';
import * as reviewReasons from './2026-12-07T02-review-reasons.js';
import * as keymaps from './2026-12-07T06-keymaps.js';
import * as assessments from './2026-12-07T03-assessments.js';
import * as integrity from './2026-12-07T04-integrity.js';
import * as webhooks from './2026-12-07T00-webhooks.js';
import * as importStaging from './2026-12-07T07-import-staging.js';
import * as gold from './2026-12-07T01-gold.js';
import * as rowsBrowser from './2026-12-07T05-rows-browser.js';
import * as rowNeedsState from './2026-12-07T08-row-needs-state.js';
import * as mediaListing from './2026-12-07T10-media-listing.js';
import * as dashboardRanges from './2026-12-07T11-dashboard-ranges.js';
import * as assessmentTaskScores from './2026-12-07T12-assessment-task-scores.js';
import * as cacheNotify from './2026-12-07T17-cache-notify.js';
import * as rowsStatePriority from './2026-12-07T18-rows-state-priority.js';
import * as importVisibility from './2026-12-07T19-import-visibility.js';
import * as importSearch from './2026-12-07T20-import-search.js';
import * as rowTextNul from './2026-12-07T23-row-text-nul.js';
import * as rowSideTables from './2026-12-08T01-row-side-tables.js';
import * as rowsProjectCheck from './2026-12-08T04-rows-project-check.js';
import * as answerSameRun from './2026-12-08T03-answer-same-run.js';
import * as claimIndexPublished from './2026-12-08T02-claim-index-published.js';
import * as historyFreeSeeks from './2026-12-08T05-history-free-seeks.js';

/** Every migration, by its dated file name. Kysely's Migrator applies them in name order. */
export const migrations: Record<string, Migration> = {
  '2026-11-22T00-initial': initial,
  '2026-11-23T00-workflow-queues': workflowQueues,
  '2026-11-23T01-console-aggregates': consoleAggregates,
  '2026-11-23T02-qa-disagreements-first': qaDisagreementsFirst,
  '2026-11-24T00-answer-stats': answerStats,
  '2026-11-25T00-dashboard-counts': dashboardCounts,
  '2026-11-25T01-media-projects': mediaProjects,
  '2026-11-26T00-drop-shadowed-queue-indexes': dropShadowedQueueIndexes,
  '2026-12-06T00-project-creators': projectCreators,
  '2026-12-06T01-escalation-limits': escalationLimits,
  '2026-12-06T02-api-tokens': apiTokens,
  '2026-12-07T02-review-reasons': reviewReasons,
  '2026-12-07T06-keymaps': keymaps,
  '2026-12-07T00-webhooks': webhooks,
  '2026-12-07T01-gold': gold,
  '2026-12-07T03-assessments': assessments,
  '2026-12-07T04-integrity': integrity,
  '2026-12-07T05-rows-browser': rowsBrowser,
  '2026-12-07T07-import-staging': importStaging,
  '2026-12-07T08-row-needs-state': rowNeedsState,
  '2026-12-07T10-media-listing': mediaListing,
  '2026-12-07T11-dashboard-ranges': dashboardRanges,
  '2026-12-07T12-assessment-task-scores': assessmentTaskScores,
  '2026-12-07T17-cache-notify': cacheNotify,
  '2026-12-07T18-rows-state-priority': rowsStatePriority,
  '2026-12-07T19-import-visibility': importVisibility,
  '2026-12-07T20-import-search': importSearch,
  '2026-12-07T23-row-text-nul': rowTextNul,
  '2026-12-08T01-row-side-tables': rowSideTables,
  '2026-12-08T04-rows-project-check': rowsProjectCheck,
  '2026-12-08T03-answer-same-run': answerSameRun,
  '2026-12-08T02-claim-index-published': claimIndexPublished,
  '2026-12-08T05-history-free-seeks': historyFreeSeeks,
};
