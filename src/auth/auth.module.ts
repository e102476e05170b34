import { Module } from '@nestjs/common';
import { AccessTokens } from './access-tokens.js';
import { AccountService } from './account.service.js';
import { AuthSecretKey } from './auth-secret-key.js';
import { AuthController } from './auth.controller.js';
import { EnrolmentController } from './enrolment.controller.js';
import { EnrolmentService } from './enrolment.service.js';
import { LoginThrottle } from './login-throttle.js';
import { LoginService } from './login.service.js';
import { MeController } from './me.controller.js';
import { MfaService } from './mfa.service.js';
import { PasswordHasher } from './password-hasher.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { SecretBox } from './secret-box.js';
import { SessionLifecycleService } from './session-lifecycle.service.js';
import { SessionsService } from './sessions.service.js';
import { SigningKeyStore } from './signing-key-store.js';

@Module({
  controllers: [AuthController, EnrolmentController, MeController],
  providers: [
    AccessTokens,
    AccountService,
    AuthSecretKey,
    EnrolmentService,
    LoginService,
    LoginThrottle,
    MfaService,
    PasswordHasher,
    RequestAuthenticator,
    SecretBox,
    SessionLifecycleService,
    SessionsService,
    SigningKeyStore,
  ],
  exports: [
    AccessTokens,
    EnrolmentService,
    MfaService,
    PasswordHasher,
    SecretBox,
    SessionsService,
    SigningKeyStore,
    RequestAuthenticator,
  ],
})
export class AuthModule {}
