/**
 * GENERATED from openapi/openapi.json by openapi-typescript; do not edit.
 * Regenerate with: npx tsx compat-tests/generated/generate.ts
 * (generated-client.test.ts fails when this file and the document disagree)
 */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and the models loaded */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The server is up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaVersion"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create embeddings
         * @description OpenAI-compatible embeddings. The official SDK asks for base64 by default and decodes it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["EmbeddingsRequest"];
                };
            };
            responses: {
                /** @description Vectors in input order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EmbeddingsResponse"];
                    };
                };
                /** @description Malformed request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OpenAIError"];
                    };
                };
                /** @description Unknown model */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OpenAIError"];
                    };
                };
                /** @description Overloaded; retry after Retry-After seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OpenAIError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List models */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The models served */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelList"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a model */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Model id or alias; percent-encode a `/` */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The model */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Model"];
                    };
                };
                /** @description Unknown model */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OpenAIError"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/embed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate embeddings */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OllamaEmbedRequest"];
                };
            };
            responses: {
                /** @description Normalised vectors */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaEmbedResponse"];
                    };
                };
                /** @description Malformed request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaError"];
                    };
                };
                /** @description Unknown model */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate one embedding (legacy) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OllamaEmbeddingsRequest"];
                };
            };
            responses: {
                /** @description The raw vector */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaEmbeddingsResponse"];
                    };
                };
                /** @description Malformed request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaError"];
                    };
                };
                /** @description Unknown model */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List models */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every model */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaTags"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List loaded models */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Loaded models */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaPs"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/show": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Show model information */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OllamaShowRequest"];
                };
            };
            responses: {
                /** @description Model facts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaShowResponse"];
                    };
                };
                /** @description Malformed request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaError"];
                    };
                };
                /** @description Unknown model */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OllamaError"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Health: {
            /**
             * @description Always `ok` while the process serves requests
             * @example ok
             * @enum {string}
             */
            status: "ok";
            /**
             * @description embedgate version
             * @example 0.1.0
             */
            version: string;
            /** @description Every model in the catalog */
            models: {
                /**
                 * @description Model id
                 * @example glove-100d
                 */
                id: string;
                /**
                 * @description Whether the model is in memory
                 * @example true
                 */
                loaded: boolean;
                /**
                 * @description Vector size, once loaded
                 * @example 100
                 */
                dimensions: number | null;
            }[];
        };
        OllamaVersion: {
            /**
             * @description embedgate version
             * @example 0.1.0
             */
            version: string;
        };
        EmbeddingsResponse: {
            /**
             * @description Always `list`
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @description One vector per input, in input order */
            data: components["schemas"]["Embedding"][];
            /**
             * @description The model name as requested
             * @example glove-100d
             */
            model: string;
            /** @description Token counts */
            usage: {
                /**
                 * @description Tokens read over all inputs
                 * @example 8
                 */
                prompt_tokens: number;
                /**
                 * @description Same as prompt_tokens for embeddings
                 * @example 8
                 */
                total_tokens: number;
            };
        };
        Embedding: {
            /**
             * @description Always `embedding`
             * @example embedding
             * @enum {string}
             */
            object: "embedding";
            /**
             * @description Position of the input this vector belongs to
             * @example 0
             */
            index: number;
            /**
             * @description The vector: number[] for encoding_format=float, a base64 string of float32 little-endian bytes for base64
             * @example [
             *       0.0123,
             *       -0.0456,
             *       0.0789
             *     ]
             */
            embedding: number[] | string;
        };
        OpenAIError: {
            /** @description The error */
            error: {
                /**
                 * @description What went wrong
                 * @example input: must not be empty
                 */
                message: string;
                /**
                 * @description invalid_request_error, authentication_error or server_error
                 * @example invalid_request_error
                 */
                type: string;
                /**
                 * @description The request field at fault, if any
                 * @example input
                 */
                param: string | null;
                /**
                 * @description Machine-readable code
                 * @example invalid_request
                 */
                code: string | null;
            };
        };
        EmbeddingsRequest: {
            /**
             * @description Text to embed: one string, or an array of 1 to 2048 strings. Empty strings are rejected.
             * @example [
             *       "The food was delicious.",
             *       "The waiter was friendly."
             *     ]
             */
            input: string | string[];
            /**
             * @description Model id or alias (see GET /v1/models)
             * @example glove-100d
             */
            model: string;
            /**
             * @description `float` (default) for a JSON array, or `base64` for little-endian float32 bytes
             * @example float
             * @enum {string}
             */
            encoding_format?: "float" | "base64";
            /**
             * @description Keep only the first N dimensions, then re-normalise
             * @example 64
             */
            dimensions?: number;
            /**
             * @description End-user id; accepted and ignored
             * @example user-1234
             */
            user?: string;
        };
        ModelList: {
            /**
             * @description Always `list`
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @description The models served */
            data: components["schemas"]["Model"][];
        };
        Model: {
            /**
             * @description Model id
             * @example glove-100d
             */
            id: string;
            /**
             * @description Always `model`
             * @example model
             * @enum {string}
             */
            object: "model";
            /**
             * @description Unix seconds when the server started serving it
             * @example 1764230400
             */
            created: number;
            /**
             * @description Always `embedgate`
             * @example embedgate
             */
            owned_by: string;
        };
        OllamaEmbedResponse: {
            /**
             * @description The model name as requested
             * @example glove-100d
             */
            model: string;
            /**
             * @description L2-normalised vectors, in input order
             * @example [
             *       [
             *         0.01,
             *         -0.02,
             *         0.03
             *       ]
             *     ]
             */
            embeddings: number[][];
            /**
             * @description Time spent on the request, in nanoseconds
             * @example 1250000
             */
            total_duration: number;
            /**
             * @description Time spent loading the model, in nanoseconds
             * @example 0
             */
            load_duration: number;
            /**
             * @description Tokens read over all inputs
             * @example 9
             */
            prompt_eval_count: number;
        };
        OllamaError: {
            /**
             * @description What went wrong
             * @example model "nope" not found
             */
            error: string;
        };
        OllamaEmbedRequest: {
            /**
             * @description Model name; no tag means `:latest`
             * @example glove-100d
             */
            model: string;
            /**
             * @description Text or texts to embed; `""` or `[]` returns no embeddings
             * @example [
             *       "Why is the sky blue?",
             *       "Why is the grass green?"
             *     ]
             */
            input: string | string[];
            /**
             * @description Cut inputs longer than the context (default true); false rejects them with 400
             * @example true
             */
            truncate?: boolean;
            /**
             * @description Keep only the first N dimensions, then re-normalise
             * @example 64
             */
            dimensions?: number;
            /**
             * @description How long to keep the model loaded (e.g. `5m`, `0`, `-1`)
             * @example 5m
             */
            keep_alive?: string | number;
            /**
             * @description Model options; accepted and ignored by embedding models
             * @example {}
             */
            options?: {
                [key: string]: unknown;
            };
        };
        OllamaEmbeddingsResponse: {
            /**
             * @description The raw vector (`[]` for an empty prompt)
             * @example [
             *       0.5670403838157654,
             *       0.009260174818336964
             *     ]
             */
            embedding: number[];
        };
        OllamaEmbeddingsRequest: {
            /**
             * @description Model name; no tag means `:latest`
             * @example glove-100d
             */
            model: string;
            /**
             * @description One text to embed
             * @example Here is an article about llamas...
             */
            prompt: string;
            /**
             * @description How long to keep the model loaded (e.g. `5m`, `0`, `-1`)
             * @example 5m
             */
            keep_alive?: string | number;
            /**
             * @description Model options; accepted and ignored by embedding models
             * @example {}
             */
            options?: {
                [key: string]: unknown;
            };
        };
        OllamaTags: {
            /** @description Every model in the catalog */
            models: components["schemas"]["OllamaTag"][];
        };
        OllamaTag: {
            /**
             * @description Model name with tag
             * @example glove-100d:latest
             */
            name: string;
            /**
             * @description Same as name
             * @example glove-100d:latest
             */
            model: string;
            /**
             * @description RFC 3339 time
             * @example 2026-11-27T07:00:00.000Z
             */
            modified_at: string;
            /**
             * @description Bytes of weights (0 until first loaded)
             * @example 20000000
             */
            size: number;
            /**
             * @description Content digest
             * @example 3f1c0b2a9d8e7f60
             */
            digest: string;
            details: components["schemas"]["OllamaModelDetails"];
        };
        OllamaModelDetails: {
            /**
             * @description Always empty
             * @example
             */
            parent_model: string;
            /**
             * @description Weight file format
             * @example safetensors
             */
            format: string;
            /**
             * @description Architecture family
             * @example model2vec
             */
            family: string;
            /**
             * @description Architecture families
             * @example [
             *       "model2vec"
             *     ]
             */
            families: string[];
            /**
             * @description Parameter count, rounded (e.g. 10M)
             * @example 10M
             */
            parameter_size: string;
            /**
             * @description Storage type of the weights
             * @example F16
             */
            quantization_level: string;
        };
        OllamaPs: {
            /** @description Models loaded in memory */
            models: components["schemas"]["OllamaRunningModel"][];
        };
        OllamaRunningModel: components["schemas"]["OllamaTag"] & {
            /**
             * @description When the model unloads (far future = never)
             * @example 2318-01-01T00:00:00.000Z
             */
            expires_at: string;
            /**
             * @description Always 0: models run on the CPU
             * @example 0
             */
            size_vram: number;
            /**
             * @description Tokens the model reads at most
             * @example 512
             */
            context_length: number;
        };
        OllamaShowResponse: {
            /**
             * @description Licence of the weights, where known
             * @example MIT
             */
            license: string;
            /**
             * @description Always empty: models come from the catalog
             * @example
             */
            modelfile: string;
            /**
             * @description Always empty
             * @example
             */
            parameters: string;
            /**
             * @description Always empty: embedding models have no prompt template
             * @example
             */
            template: string;
            details: components["schemas"]["OllamaModelDetails"];
            /**
             * @description GGUF-style facts: `<arch>.embedding_length`, `<arch>.context_length`, parameter count
             * @example {
             *       "general.architecture": "model2vec",
             *       "model2vec.embedding_length": 100
             *     }
             */
            model_info: {
                [key: string]: string | number;
            };
            /**
             * @description What the model can do
             * @example [
             *       "embedding"
             *     ]
             */
            capabilities: string[];
            /**
             * @description RFC 3339 time
             * @example 2026-11-27T07:00:00.000Z
             */
            modified_at: string;
        };
        OllamaShowRequest: {
            /**
             * @description Model name
             * @example glove-100d
             */
            model?: string;
            /**
             * @description Older spelling of `model`
             * @example glove-100d
             */
            name?: string;
            /**
             * @description Accepted and ignored
             * @example false
             */
            verbose?: boolean;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
