import pinned from './alicloud-provider.json';

/**
 * The alicloud provider's SLB resources and their arguments, pinned to one provider version
 * (alicloud-provider.json, read from the provider's resource schemas at that version's tag; its
 * `source` says how). The export writes nothing else and the import tells these apart from
 * arguments the provider does not have. Nested block arguments are `block.argument`.
 */
export const ALICLOUD_PROVIDER: { source: string; version: string } = { source: pinned.provider, version: pinned.version };

const RESOURCES: Readonly<Record<string, readonly string[]>> = pinned.resources;
const DEPRECATED: Readonly<Record<string, readonly string[]>> = pinned.deprecated;

/** Terraform's own arguments of every resource block, not the provider's. */
export const META_ARGUMENTS: readonly string[] = ['count', 'for_each', 'provider', 'depends_on', 'lifecycle'];

export const isPinnedResource = (type: string): boolean => Object.hasOwn(RESOURCES, type);

/** `argument` (or `block.argument`) is one of `type`'s arguments at the pinned version. */
export function isPinnedArgument(type: string, argument: string): boolean {
  return isPinnedResource(type) && (RESOURCES[type]!.includes(argument) || RESOURCES[type]!.some((a) => a.startsWith(argument + '.')));
}

/** Deprecated at the pinned version (the export never writes these; the import still reads some). */
export function isDeprecatedArgument(type: string, argument: string): boolean {
  const list = Object.hasOwn(DEPRECATED, type) ? DEPRECATED[type]! : [];
  return list.some((d) => argument === d || argument.startsWith(d + '.'));
}

export const pinnedResourceTypes = (): string[] => Object.keys(RESOURCES);
