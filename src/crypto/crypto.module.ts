import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { BlindIndexService } from './blind-index.service.js';
import { FieldCipher } from './field-cipher.js';
import { KEK_PROVIDER } from './kek-provider.js';
import { createKekProvider } from './kek-provider.factory.js';
import { KeyRotationService } from './key-rotation.service.js';
import { PatientKeysService } from './patient-keys.service.js';

/** Envelope encryption for every module that stores PHI (global: inject FieldCipher anywhere). */
@Global()
@Module({
  providers: [
    {
      provide: KEK_PROVIDER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createKekProvider(config, new Logger('Crypto')),
    },
    PatientKeysService,
    FieldCipher,
    BlindIndexService,
    KeyRotationService,
  ],
  exports: [KEK_PROVIDER, PatientKeysService, FieldCipher, BlindIndexService, KeyRotationService],
})
export class CryptoModule {}
