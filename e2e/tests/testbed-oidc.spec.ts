/**
 * Signing in through a real OpenID Connect provider in the browser, on the real test bed with RBAC by
 * impersonation: Ory Hydra and its login app (e2e/support/identity-provider.ts), the teams of
 * testbed/fixture/teams.yaml. The browser fills in the provider's login form; alice (team-a) sees team-a
 * only and gets the action buttons there, bob (viewer) sees team-a without buttons, carol sees an empty
 * cluster with the reason. Sign-out ends Fluxscope's session and the provider's. testbed/test.sh runs it
 * after testbed.spec.ts (which needs a cluster without these objects); skipped without the test bed.
 */
import { expect, type Page, test as base } from '@playwright/test';
import {
  type IdentityProvider,
  TEST_USERS,
  type TestUserName,
  applyTeams,
  startIdentityProvider,
} from '../support/identity-provider.js';
import { type Ref, ObjectPage } from '../support/pages/object.js';
import { screenshotAtSizes } from '../support/screenshots.js';
import { type RunningServer, freePort, startServerProcess } from '../support/server-process.js';

const kubeconfig = process.env['FLUXSCOPE_TESTBED_KUBECONFIG'];
const teamKs = (namespace: string): Ref => ({
  group: 'kustomize.toolkit.fluxcd.io',
  kind: 'Kustomization',
  namespace,
  name: 'apps',
});

interface OidcBed {
  server: RunningServer;
  idp: IdentityProvider;
}

const test = base.extend<object, { bed: OidcBed }>({
  bed: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await applyTeams(kubeconfig ?? '');
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const idp = await startIdentityProvider(url);
      let server: RunningServer | undefined;
      try {
        server = await startServerProcess(
          [
            '--kubeconfig',
            kubeconfig ?? '',
            '--log-level',
            'warn',
            '--enable-actions',
            '--impersonate',
            ...idp.fluxscopeArgs(url),
          ],
          { port },
        );
        await use({ server, idp });
      } finally {
        await server?.stop();
        await idp.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ bed }, use) => use(bed.server.url),
});

test.skip(!kubeconfig, 'needs the test bed: run bash testbed/test.sh (sets FLUXSCOPE_TESTBED_KUBECONFIG)');

test.afterEach(async ({ bed }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('server.log', { body: bed.server.logs(), contentType: 'text/plain' });
    await testInfo.attach('provider.log', { body: bed.idp.logs(), contentType: 'text/plain' });
  }
});

const signInDialog = (page: Page) => page.getByRole('dialog', { name: 'Sign in to Fluxscope' });

/** From Fluxscope's sign-in card, through the provider's login form, back to Fluxscope. */
async function signIn(page: Page, user: TestUserName, path = '/'): Promise<void> {
  await page.goto(path);
  await signInDialog(page).getByRole('link', { name: 'Sign in with your identity provider' }).click();
  await expect(page.getByRole('heading', { name: 'Test bed identity provider' })).toBeVisible();
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(TEST_USERS[user].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('banner').getByText(user, { exact: true })).toBeVisible({ timeout: 30_000 });
}

test('alice signs in on the provider page, sees only team-a and may reconcile there; sign-out ends both sessions', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(signInDialog(page)).toBeVisible();
  await expect(signInDialog(page)).toContainText("signs you in with your organisation's identity provider");
  await screenshotAtSizes(page, 'oidc-sign-in');

  // A wrong password is refused on the provider's page; nothing reaches Fluxscope.
  await signInDialog(page).getByRole('link', { name: 'Sign in with your identity provider' }).click();
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('not-her-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');

  await signIn(page, 'alice', ObjectPage.path(teamKs('team-a')));
  const objectPage = new ObjectPage(page);
  await objectPage.expectObject(teamKs('team-a'));
  const actions = page.getByRole('group', { name: 'Flux actions' });
  await expect(actions.getByRole('button', { name: 'Reconcile', exact: true })).toBeVisible();
  await screenshotAtSizes(page, 'oidc-signed-in-alice');

  // team-b exists in the cluster (the server's identity sees it) but not for alice.
  await page.goto(ObjectPage.path(teamKs('team-b')));
  await expect(page.getByText('Object not found')).toBeVisible();

  await page.goto(ObjectPage.path(teamKs('team-a')));
  await actions.getByRole('button', { name: 'Reconcile', exact: true }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /reconcil/i })
      .first(),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  // Through the provider's end-session back to Fluxscope, signed out.
  await expect(signInDialog(page)).toBeVisible({ timeout: 30_000 });
  // The provider's session ended too: signing in again shows its login form, not an automatic return.
  await signInDialog(page).getByRole('link', { name: 'Sign in with your identity provider' }).click();
  await expect(page.getByLabel('Username')).toBeVisible();
});

test('bob (viewer) sees team-a without action buttons', async ({ page }) => {
  await signIn(page, 'bob', ObjectPage.path(teamKs('team-a')));
  await new ObjectPage(page).expectObject(teamKs('team-a'));
  await expect(page.getByRole('group', { name: 'Flux actions' })).toHaveCount(0);
});

test('carol (no binding) sees an empty cluster and why', async ({ page }) => {
  await signIn(page, 'carol', '/objects');
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing here is yours to see.' })).toContainText(
    'You (carol) may not list any Flux object or workload in this cluster',
  );
  await screenshotAtSizes(page, 'oidc-empty-cluster-carol');
});
