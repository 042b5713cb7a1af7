// cognito-local 5.3 has no ResendConfirmationCode target (its README lists CustomEmailSender_ResendCode as
// supported, but nothing calls it: the API answers "CognitoLocal#Unsupported"). This preload adds the
// operation the way cognito-local writes its ForgotPassword target, with Cognito's semantics: the user must
// exist and be unconfirmed, a new code replaces the old one, and the code goes out through the same message
// path as every other code (CustomEmailSender_ResendCode when that trigger is configured).
// Loaded with `node --require <this file> <cognito-local>/lib/bin/start.js`; the router looks targets up in
// this same object at request time.
const { Targets } = require('cognito-local/lib/targets/targets');
const { InvalidParameterError, UserNotFoundError } = require('cognito-local/lib/errors');
const { attributeValue } = require('cognito-local/lib/services/userPoolService');

if (!Targets.ResendConfirmationCode) {
  Targets.ResendConfirmationCode =
    ({ cognito, clock, messages, otp }) =>
    async (ctx, req) => {
      const userPool = await cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await userPool.getUserByUsername(ctx, req.Username);
      if (!user) throw new UserNotFoundError();
      if (user.UserStatus === 'CONFIRMED') throw new InvalidParameterError('User is already confirmed.');
      const email = attributeValue('email', user.Attributes);
      if (!email) throw new InvalidParameterError('User has no email address to send a code to.');
      const deliveryDetails = { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email };
      const code = otp();
      await messages.deliver(
        ctx,
        'ResendCode',
        req.ClientId,
        userPool.options.Id,
        user,
        code,
        req.ClientMetadata,
        deliveryDetails,
      );
      await userPool.saveUser(ctx, { ...user, UserLastModifiedDate: clock.get(), ConfirmationCode: code });
      return { CodeDeliveryDetails: deliveryDetails };
    };
}
