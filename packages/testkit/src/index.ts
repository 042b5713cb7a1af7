// @mailroom/testkit public API: what tests (and local tools) start and make. Each export is listed explicitly.

// cognito-local bridge (issue 17): the Lambda Invoke API cognito-local calls as its CustomEmailSender; it
// re-encrypts the code as Cognito does, normalises the event and runs the real dispatcher bundle.
export type { CognitoLocalTriggerConfig } from './bridge/cognito-local-config.js';
export type { BridgeErrorCode } from './bridge/errors.js';
export { BridgeError } from './bridge/errors.js';
export type { BridgeInvocation } from './bridge/invocation.js';
export type { FieldChange } from './bridge/normalise.js';
export { normaliseCognitoLocalEvent } from './bridge/normalise.js';
export type { BridgeKms, CognitoLocalMessageInfo } from './bridge/recrypt.js';
export type { CognitoLocalBridge, CognitoLocalBridgeOptions } from './bridge/server.js';
export { startCognitoLocalBridge } from './bridge/server.js';
// KMS stand-in (KMS JSON 1.1, real AES-256-GCM wrapping), Cognito event factory (Encryption SDK ciphertexts,
// suite 0x0378) and fixtures: helper "foundation".
export type { EncryptLikeCognitoInput, FactoryKms } from './factory/encrypt.js';
export { COGNITO_SUITE_ID, encryptLikeCognito, standInClientProvider } from './factory/encrypt.js';
export { FIXTURES_DIR, fixtureName, loadFixture, loadFixtureKmsKey } from './factory/fixtures.js';
export type { MadeEvent, MakeEventOptions } from './factory/make-event.js';
export { escapeLikeCognito, makeEvent } from './factory/make-event.js';
export type { KmsCall, KmsFault, KmsKeySpec, KmsStandIn, KmsStandInOptions } from './kms/stand-in.js';
export { startKmsStandIn } from './kms/stand-in.js';
// Listening on loopback and reading request bodies, as every server here does (the bench's network model too).
export type { BodyLimit, ListenOptions } from './net.js';
export { readRequestBody, startListening } from './net.js';
// Where the dispatcher's deployable bundle is (what the bridge runs by default).
export { DISPATCHER_BUNDLE, DISPATCHER_PACKAGE_DIR } from './paths.js';

// Provider stand-ins (helper "stand-ins"): loopback servers speaking each provider's wire protocol.
export type { AwsJsonCall } from './standins/aws-json.js';
export type { BrevoStandInOptions } from './standins/brevo.js';
export { startBrevoStandIn } from './standins/brevo.js';
export type { CognitoStandIn, CognitoUser } from './standins/cognito.js';
export { startCognitoStandIn, UPDATE_USER_POOL_MEMBERS } from './standins/cognito.js';
export type { AcceptedMessage, BaseStandIn, FaultSpec, RejectedRequest, StandIn } from './standins/core.js';
// Local DynamoDB (dynalite) for the dispatcher idempotency tests: helper "reliability".
export type { DynamoDbStandIn, DynamoDbStandInOptions } from './standins/dynamodb.js';
export { startDynamoDbStandIn } from './standins/dynamodb.js';
export type { MailgunStandInOptions } from './standins/mailgun.js';
export { startMailgunStandIn } from './standins/mailgun.js';
export type { ParsedMime } from './standins/mime.js';
export { parseMime } from './standins/mime.js';
export type { SecretsManagerStandIn, SecretsManagerStandInOptions } from './standins/secrets-manager.js';
export { startSecretsManagerStandIn } from './standins/secrets-manager.js';
export type { SelfSignedCertificate } from './standins/self-signed.js';
export { createSelfSignedCertificate } from './standins/self-signed.js';
export type { SendGridStandInOptions } from './standins/sendgrid.js';
export { startSendGridStandIn } from './standins/sendgrid.js';
export type { SesStandInOptions } from './standins/ses.js';
export { startSesStandIn } from './standins/ses.js';
export type { SmtpStandIn, SmtpStandInOptions } from './standins/smtp.js';
export { startSmtpStandIn } from './standins/smtp.js';
