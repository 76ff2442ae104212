/** The rule registry: every rule, one file each. Add new rules here (kept sorted by category). */
import type { Rule } from './types';
import syntaxError from './syntax-error';
import unlintableFile from './unlintable-file';
import emptyMigration from './empty-migration';
import unusedIgnore from './unused-ignore';
import tooManyFindings from './too-many-findings';
// --- run-time (found on PGlite: the preview, check, the proofs) ---
import applyError from './apply-error';
import applyNote from './apply-note';
import proofIdempotency from './proof-idempotency';
import proofRoundTrip from './proof-round-trip';
import proofDrift from './proof-drift';
import proofLock from './proof-lock';
// --- idempotency imports ---
import createTableWithoutIfNotExists from './create-table-without-if-not-exists';
import createIndexWithoutIfNotExists from './create-index-without-if-not-exists';
import createSchemaWithoutGuard from './create-schema-without-guard';
import createSequenceWithoutGuard from './create-sequence-without-guard';
import createExtensionWithoutGuard from './create-extension-without-guard';
import createViewWithoutGuard from './create-view-without-guard';
import createTypeWithoutGuard from './create-type-without-guard';
import createFunctionWithoutOrReplace from './create-function-without-or-replace';
import createTriggerWithoutOrReplace from './create-trigger-without-or-replace';
import createPolicyWithoutDrop from './create-policy-without-drop';
import addColumnWithoutIfNotExists from './add-column-without-if-not-exists';
import addConstraintWithoutDropIfExists from './add-constraint-without-drop-if-exists';
import dropWithoutIfExists from './drop-without-if-exists';
import insertWithoutOnConflict from './insert-without-on-conflict';
import alterEnumAddValueWithoutIfNotExists from './alter-enum-add-value-without-if-not-exists';
// --- safety imports ---
import createIndexNotConcurrently from './create-index-not-concurrently';
import dropIndexNotConcurrently from './drop-index-not-concurrently';
import concurrentlyInTransaction from './concurrently-in-transaction';
import reindexNotConcurrently from './reindex-not-concurrently';
import refreshMatviewNotConcurrently from './refresh-matview-not-concurrently';
import detachPartitionNotConcurrently from './detach-partition-not-concurrently';
import attachPartition from './attach-partition';
import vacuumFullOrCluster from './vacuum-full-or-cluster';
import foreignKeyNotValidMissing from './foreign-key-not-valid-missing';
import checkConstraintNotValidMissing from './check-constraint-not-valid-missing';
import validateInSameTransaction from './validate-in-same-transaction';
import uniqueConstraintWithoutIndex from './unique-constraint-without-index';
import addPrimaryKeyOnExistingTable from './add-primary-key-on-existing-table';
import exclusionConstraint from './exclusion-constraint';
import setNotNullOnExistingColumn from './set-not-null-on-existing-column';
import addRequiredColumn from './add-required-column';
import volatileDefaultRewrite from './volatile-default-rewrite';
import changeColumnType from './change-column-type';
import missingLockTimeout from './missing-lock-timeout';
import missingStatementTimeout from './missing-statement-timeout';
import holdingAccessExclusive from './holding-access-exclusive';
import manyTablesLocked from './many-tables-locked';
import multipleAlterTable from './multiple-alter-table';
import columnDoesNotExist from './column-does-not-exist';
import objectDroppedEarlier from './object-dropped-earlier';
import columnAddedTwice from './column-added-twice';
import alterDomainAddConstraint from './alter-domain-add-constraint';
import renameColumn from './rename-column';
import renameTable from './rename-table';
import dropColumn from './drop-column';
import dropTable from './drop-table';
import dropSchema from './drop-schema';
import dropDatabase from './drop-database';
import dropNotNull from './drop-not-null';
import truncate from './truncate';
import deleteOrUpdateWithoutWhere from './delete-or-update-without-where';
import transactionNesting from './transaction-nesting';
import uncommittedTransaction from './uncommitted-transaction';
import enumValueRemovalOrReorder from './enum-value-removal-or-reorder';
import preferBigint from './prefer-bigint';
import preferIdentity from './prefer-identity';
import preferText from './prefer-text';
import preferTimestamptz from './prefer-timestamptz';
import preferJsonb from './prefer-jsonb';
import banChar from './ban-char';
import foreignKeyWithoutIndex from './foreign-key-without-index';
import identifierTooLong from './identifier-too-long';
import mixedSchemaAndData from './mixed-schema-and-data';
// --- header imports ---
import headerMissing from './header-missing';
import headerFieldMissing from './header-field-missing';
import headerMigrationName from './header-migration-name';
import headerDateFormat from './header-date-format';
import headerDataRisk from './header-data-risk';
import dangerousMigrationUndeclared from './dangerous-migration-undeclared';
import rerunClaimContradicted from './rerun-claim-contradicted';
// --- layout imports ---
import missingDownMigration from './missing-down-migration';
import downDoesNotParse from './down-does-not-parse';
import duplicateMigrationNumber from './duplicate-migration-number';
import gapInNumbering from './gap-in-numbering';
import journalMissingFile from './journal-missing-file';
import fileMissingFromJournal from './file-missing-from-journal';
import migrationToolRefuses from './migration-tool-refuses';
import prismaFolderName from './prisma-folder-name';
import fileNotInOrder from './file-not-in-order';
import migrationEditedAfterCommit from './migration-edited-after-commit';

export const ALL_RULES: Rule[] = [
  syntaxError,
  unlintableFile,
  emptyMigration,
  unusedIgnore,
  tooManyFindings,
  // --- idempotency ---
  createTableWithoutIfNotExists,
  createIndexWithoutIfNotExists,
  createSchemaWithoutGuard,
  createSequenceWithoutGuard,
  createExtensionWithoutGuard,
  createViewWithoutGuard,
  createTypeWithoutGuard,
  createFunctionWithoutOrReplace,
  createTriggerWithoutOrReplace,
  createPolicyWithoutDrop,
  addColumnWithoutIfNotExists,
  addConstraintWithoutDropIfExists,
  dropWithoutIfExists,
  insertWithoutOnConflict,
  alterEnumAddValueWithoutIfNotExists,
  // --- safety ---
  createIndexNotConcurrently,
  dropIndexNotConcurrently,
  concurrentlyInTransaction,
  reindexNotConcurrently,
  refreshMatviewNotConcurrently,
  detachPartitionNotConcurrently,
  attachPartition,
  vacuumFullOrCluster,
  foreignKeyNotValidMissing,
  checkConstraintNotValidMissing,
  validateInSameTransaction,
  uniqueConstraintWithoutIndex,
  addPrimaryKeyOnExistingTable,
  exclusionConstraint,
  setNotNullOnExistingColumn,
  addRequiredColumn,
  volatileDefaultRewrite,
  changeColumnType,
  missingLockTimeout,
  missingStatementTimeout,
  holdingAccessExclusive,
  manyTablesLocked,
  multipleAlterTable,
  columnDoesNotExist,
  objectDroppedEarlier,
  columnAddedTwice,
  alterDomainAddConstraint,
  renameColumn,
  renameTable,
  dropColumn,
  dropTable,
  dropSchema,
  dropDatabase,
  dropNotNull,
  truncate,
  deleteOrUpdateWithoutWhere,
  transactionNesting,
  uncommittedTransaction,
  enumValueRemovalOrReorder,
  preferBigint,
  preferIdentity,
  preferText,
  preferTimestamptz,
  preferJsonb,
  banChar,
  foreignKeyWithoutIndex,
  identifierTooLong,
  mixedSchemaAndData,
  // --- header ---
  headerMissing,
  headerFieldMissing,
  headerMigrationName,
  headerDateFormat,
  headerDataRisk,
  dangerousMigrationUndeclared,
  rerunClaimContradicted,
  // --- layout ---
  missingDownMigration,
  downDoesNotParse,
  duplicateMigrationNumber,
  gapInNumbering,
  journalMissingFile,
  fileMissingFromJournal,
  migrationToolRefuses,
  prismaFolderName,
  fileNotInOrder,
  migrationEditedAfterCommit,
  // --- run-time: found on PGlite, no check here (rule.runTime) ---
  applyError,
  applyNote,
  proofIdempotency,
  proofRoundTrip,
  proofDrift,
  proofLock,
];

export const RULES_BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

/** Whether findings of `ruleId` make a migration dangerous (the rule's `destructive` metadata). */
export function isDestructive(ruleId: string): boolean {
  return RULES_BY_ID.get(ruleId)?.destructive === true;
}
