/**
 * SARIF 2.1.0 log (for GitHub code scanning and other SARIF viewers): one run, the rules that
 * fired with their docs, results with regions relative to %SRCROOT% (the workspace root) and
 * the rules' fixes as replacements.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderRuleDocs } from '../docs/render';
import { RULES_BY_ID } from '../rules/index';
import type { Rule, Severity } from '../rules/types';
import { toPosix } from '../files';
import type { CliFinding, LintReport, Region } from './report';

interface ToolInfo {
  name: string;
  version: string;
  informationUri?: string;
}

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const SRCROOT = '%SRCROOT%';

export function formatSarif(report: LintReport, tool: ToolInfo): string {
  const ruleIds = [...new Set(report.files.flatMap((f) => f.findings.map((x) => x.ruleId)))].sort();
  const rules = ruleIds.map(descriptorOf).filter((r) => r !== undefined);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((file) => {
    const artifact = artifactLocation(report.root, file.absPath);
    return file.findings.map((f) => result(f, artifact, index.get(f.ruleId)));
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.root) } },
        // Our columns count UTF-16 code units, as JavaScript and LSP do.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function descriptorOf(id: string) {
  const rule = RULES_BY_ID.get(id);
  return rule && ruleDescriptor(rule);
}

function ruleDescriptor(rule: Rule) {
  const { docs } = rule;
  return {
    id: rule.id,
    shortDescription: { text: docs.summary },
    fullDescription: { text: docs.why, markdown: docs.why },
    help: { text: `${docs.summary} ${docs.why} Instead: ${docs.instead}`, markdown: renderRuleDocs(rule) },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { category: rule.category, tags: [rule.category, ...(rule.runTime === 'proof' ? ['run-time proof'] : rule.runTime === 'apply' ? ['apply'] : [])] },
  };
}

type ArtifactLocation = { uri: string; uriBaseId?: string };

function result(f: CliFinding, artifact: ArtifactLocation, ruleIndex: number | undefined) {
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: artifact, region: sarifRegion(f.region) } }],
    // The result points at the statement's head; the whole statement is a related location.
    ...(f.statementRegion
      ? { relatedLocations: [{ id: 0, physicalLocation: { artifactLocation: artifact, region: sarifRegion(f.statementRegion) }, message: { text: 'The whole statement' } }] }
      : {}),
    ...(f.fixes.length
      ? {
          fixes: f.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: [
              {
                artifactLocation: artifact,
                replacements: fix.edits.map((e) => ({ deletedRegion: sarifRegion(e.region), insertedContent: { text: e.newText } })),
              },
            ],
          })),
        }
      : {}),
  };
}

function sarifRegion(r: Region) {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

/** Relative to %SRCROOT% inside the workspace; an absolute file URI for a file outside it. */
function artifactLocation(root: string, absPath: string): ArtifactLocation {
  const rel = path.relative(root, absPath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(absPath).href };
  return { uri: toPosix(rel).split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
