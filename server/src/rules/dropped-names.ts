import type { DropStmt } from '@pgsql/types';
import { qualifiedName, stringValue, unwrap } from '../parse/ast';

/** Names of the objects a DropStmt removes: `{List}` of name parts for relations, `{String}` for schemas. */
export function droppedNames(dropStmt: DropStmt): string[] {
  return (dropStmt.objects ?? []).map((o) => stringValue(o) ?? qualifiedName(unwrap(o, 'List')?.items ?? unwrap(o, 'TypeName')?.names));
}
