import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SessionProvider } from '../components/session/SessionProvider';
import { SessionStatus } from '../components/session/SessionStatus';
import './globals.css';

export const metadata: Metadata = {
  title: 'Mnemo lineage explorer',
  description: 'Datasets, runs, models and deployments of the organisation, and how they depend on each other.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SessionProvider>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="site-header">
            <Link href="/" className="brand">
              Mnemo
            </Link>
            <span className="tagline">lineage explorer</span>
            <nav aria-label="Main">
              <Link href="/">Search</Link>
            </nav>
            <SessionStatus />
          </header>
          <main id="main">{children}</main>
        </SessionProvider>
      </body>
    </html>
  );
}
