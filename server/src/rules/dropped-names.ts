import { qualifiedName, stringValue, type PgNode } from '../parse/ast';

/** Names of the objects a DropStmt removes: `{List}` of name parts for relations, `{String}` for schemas. */
export function droppedNames(dropStmt: PgNode): string[] {
  return (dropStmt.objects ?? []).map((o: PgNode) => stringValue(o) ?? qualifiedName(o.List?.items ?? o.TypeName?.names));
}
