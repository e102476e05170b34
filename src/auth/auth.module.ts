import { Module } from '@nestjs/common';
import { AccessTokens } from './access-tokens.js';
import { AccountService } from './account.service.js';
import { MeController } from './me.controller.js';
import { PasswordHasher } from './password-hasher.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { SecretBox } from './secret-box.js';
import { SessionsService } from './sessions.service.js';
import { SigningKeyStore } from './signing-key-store.js';

@Module({
  controllers: [MeController],
  providers: [
    AccountService,
    SecretBox,
    SigningKeyStore,
    AccessTokens,
    SessionsService,
    PasswordHasher,
    RequestAuthenticator,
  ],
  exports: [SecretBox, SigningKeyStore, AccessTokens, SessionsService, PasswordHasher, RequestAuthenticator],
})
export class AuthModule {}
