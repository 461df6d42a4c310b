import { SignInForm } from '../../components/session/SignInForm';

export default function SignInPage() {
  return (
    <>
      <h1>Sign in with an API token</h1>
      <SignInForm />
    </>
  );
}
