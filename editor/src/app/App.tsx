import { useState } from 'react';
import { clearAdminKey, readAdminKey, storeAdminKey } from '../api/index';
import { AppShell } from './AppShell';
import { SignIn } from './SignIn';

/** The editor: the sign-in page until this tab has an admin key, then the workspace. */
export function App() {
  const [adminKey, setAdminKey] = useState<string | null>(() => readAdminKey());
  if (adminKey === null) {
    return (
      <SignIn
        onSignedIn={(key) => {
          storeAdminKey(key);
          setAdminKey(key);
        }}
      />
    );
  }
  return (
    <AppShell
      adminKey={adminKey}
      onSignOut={() => {
        clearAdminKey();
        setAdminKey(null);
      }}
    />
  );
}
