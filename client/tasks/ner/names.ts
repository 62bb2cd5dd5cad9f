/** What people call this type: kept apart from the module so pages that only name types load no editor code. */
export const names = { name: 'Entity tagging', shortName: 'Entities' };
