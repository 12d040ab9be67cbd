/** Every product `make build` compiles, with its environments. */
import catalog from './products/catalog.js';
import ecsPlatform from './products/ecs-platform.js';
import httpsApp from './products/https-app.js';
import microservice from './products/microservice.js';
import minimalService from './products/minimal-service.js';
import type { Product } from './product.js';
import webAppServiceConnect from './products/web-app-service-connect.js';

export const catalogue: readonly Product[] = [webAppServiceConnect, httpsApp, microservice, ecsPlatform, minimalService, catalog];
