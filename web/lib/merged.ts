/**
 * Generated result types (./gql) give a field selected on an interface or union with inline
 * fragments as a union with one member per kind. `Merged` reads it as one object, the way a page
 * reads a node: fields every kind has keep their type, the other kinds' fields are optional; lists
 * and nested objects likewise, all the way down.
 */
export type Merged<T> = null extends T ? MergedValue<NonNullable<T>> | null : MergedValue<T>;

type MergedValue<T> = [T] extends [readonly (infer E)[]] ? Merged<E>[] : [T] extends [object] ? MergedObject<T> : T;

type KeysOfUnion<U> = U extends unknown ? keyof U : never;
type ValueIn<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;

type MergedObject<U> = { [K in keyof U]: Merged<ValueIn<U, K>> } & {
  [K in Exclude<KeysOfUnion<U>, keyof U>]?: Merged<ValueIn<U, K>>;
};
