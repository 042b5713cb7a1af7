/**
 * The user pool calls the routes make, with the AWS SDK v3. All of them are public (unsigned) Cognito
 * operations, so the API needs no AWS credentials: the app client id is the only key.
 */
import {
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthApiConfig } from './config.js';
import { fromCognito } from './errors.js';

/** Where a code was sent, as Cognito reports it (the address masked by Cognito: `a***@e***`). */
export interface CodeDelivery {
  medium: string | null;
  destination: string | null;
}

export interface UserPool {
  signUp(
    email: string,
    password: string,
  ): Promise<{ userSub: string | null; confirmed: boolean; delivery: CodeDelivery }>;
  confirmSignUp(email: string, code: string): Promise<void>;
  resendCode(email: string): Promise<CodeDelivery>;
  signIn(email: string, password: string): Promise<InitiateAuthCommandOutput>;
  completeNewPassword(
    email: string,
    session: string,
    newPassword: string,
  ): Promise<InitiateAuthCommandOutput>;
  forgotPassword(email: string): Promise<CodeDelivery>;
  confirmForgotPassword(email: string, code: string, password: string): Promise<void>;
}

function delivery(details: { DeliveryMedium?: string; Destination?: string } | undefined): CodeDelivery {
  return { medium: details?.DeliveryMedium ?? null, destination: details?.Destination ?? null };
}

/**
 * Creates the pool client once (per process / Lambda cold start). Cognito errors come back as `ApiError`s.
 * @example const pool = createUserPool(loadConfig());
 */
export function createUserPool(config: AuthApiConfig): UserPool {
  const client = new CognitoIdentityProviderClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  });
  const ClientId = config.clientId;
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw fromCognito(error);
    }
  };
  return {
    signUp: (email, password) =>
      call(async () => {
        const out = await client.send(
          new SignUpCommand({
            ClientId,
            Username: email,
            Password: password,
            UserAttributes: [{ Name: 'email', Value: email }],
          }),
        );
        return {
          userSub: out.UserSub ?? null,
          confirmed: out.UserConfirmed === true,
          delivery: delivery(out.CodeDeliveryDetails),
        };
      }),
    confirmSignUp: (email, code) =>
      call(async () => {
        await client.send(new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: code }));
      }),
    resendCode: (email) =>
      call(async () => {
        const out = await client.send(new ResendConfirmationCodeCommand({ ClientId, Username: email }));
        return delivery(out.CodeDeliveryDetails);
      }),
    signIn: (email, password) =>
      call(() =>
        client.send(
          new InitiateAuthCommand({
            ClientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        ),
      ),
    completeNewPassword: (email, session, newPassword) =>
      call(() =>
        client.send(
          new RespondToAuthChallengeCommand({
            ClientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: session,
            ChallengeResponses: { USERNAME: email, NEW_PASSWORD: newPassword },
          }),
        ),
      ),
    forgotPassword: (email) =>
      call(async () => {
        const out = await client.send(new ForgotPasswordCommand({ ClientId, Username: email }));
        return delivery(out.CodeDeliveryDetails);
      }),
    confirmForgotPassword: (email, code, password) =>
      call(async () => {
        await client.send(
          new ConfirmForgotPasswordCommand({
            ClientId,
            Username: email,
            ConfirmationCode: code,
            Password: password,
          }),
        );
      }),
  };
}
