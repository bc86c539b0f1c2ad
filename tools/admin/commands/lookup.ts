import type { Organization, ProjectInfo, TenantStore } from '@issuestream/storage';
import { CliUsageError } from '../cli-args';

// The CLI addresses tenants by slug; an unknown one is the caller's mistake (exit 2).

export async function requireOrganization(store: TenantStore, slug: string): Promise<Organization> {
  const organization = await store.getOrganizationBySlug(slug);
  if (!organization) throw new CliUsageError(`unknown organization "${slug}"`);
  return organization;
}

export async function requireProject(
  store: TenantStore,
  organizationSlug: string,
  projectSlug: string,
): Promise<ProjectInfo> {
  await requireOrganization(store, organizationSlug);
  const project = await store.getProjectBySlug(organizationSlug, projectSlug);
  if (!project) {
    throw new CliUsageError(
      `unknown project "${projectSlug}" in organization "${organizationSlug}"`,
    );
  }
  return project;
}
