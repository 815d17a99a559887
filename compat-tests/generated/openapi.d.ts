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
    "/livez": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Yes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Probe"];
                    };
                };
                /** @description Not (yet, or any more) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Probe"];
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
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: preloaded models are in and the server is not draining */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Yes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Probe"];
                    };
                };
                /** @description Not (yet, or any more) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Probe"];
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
    "/api/rerank": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rerank (embedgate's original shape) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ApiRerankRequest"];
                };
            };
            responses: {
                /** @description Scored documents */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiRerankResponse"];
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
                /** @description Overloaded */
                503: {
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
    "/v1/rerank": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rerank (Jina / Cohere v1) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["V1RerankRequest"];
                };
            };
            responses: {
                /** @description Scored documents */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RerankResponse"];
                    };
                };
                /** @description Malformed request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CohereError"];
                    };
                };
                /** @description Unknown model */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CohereError"];
                    };
                };
                /** @description Overloaded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CohereError"];
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
    "/v2/rerank": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rerank (Cohere v2) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["V2RerankRequest"];
                };
            };
            responses: {
                /** @description Scored documents */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RerankResponse"];
                    };
                };
                /** @description Malformed request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CohereError"];
                    };
                };
                /** @description Unknown model */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CohereError"];
                    };
                };
                /** @description Overloaded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CohereError"];
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
    "/rerank": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rerank (TEI when the body has `texts`, Jina/Cohere when it has `documents`) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TeiRerankRequest"] | components["schemas"]["V1RerankRequest"];
                };
            };
            responses: {
                /** @description Scored documents */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TeiRerankResponse"] | components["schemas"]["RerankResponse"];
                    };
                };
                /** @description Malformed request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TeiError"];
                    };
                };
                /** @description Unknown model */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TeiError"];
                    };
                };
                /** @description Overloaded */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TeiError"];
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
    "/api/embed/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Embed batches of texts in one request */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BatchEmbedRequest"];
                };
            };
            responses: {
                /** @description Vectors nested as the input */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BatchEmbedResponse"];
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
                /** @description Overloaded */
                503: {
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
        Probe: {
            /**
             * @description `ok`, or why not ready: `starting`, `failed` (a preloaded model did not load) or `draining`
             * @example ok
             */
            status: string;
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
            /**
             * @description embedgate extension: which prompt template an instruction-aware model applies
             * @example query
             * @enum {string}
             */
            input_type?: "query" | "document";
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
            /**
             * @description embedgate extension: which prompt template an instruction-aware model applies
             * @example query
             * @enum {string}
             */
            input_type?: "query" | "document";
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
        ApiRerankResponse: {
            /**
             * @description The model name as requested
             * @example glove-100d
             */
            model: string;
            /** @description Best first; ties keep input order */
            results: {
                /**
                 * @description Position in `documents`
                 * @example 0
                 */
                index: number;
                /**
                 * @description The document text
                 * @example Kittens love fish and milk.
                 */
                document: string;
                /**
                 * @description (cosine + 1) / 2, in [0, 1]
                 * @example 0.87
                 */
                relevance_score: number;
            }[];
        };
        ApiRerankRequest: {
            /**
             * @description Model id or alias; any embedding model reranks by cosine similarity
             * @example glove-100d
             */
            model: string;
            /**
             * @description The search query
             * @example What do cats like to eat?
             */
            query: string;
            /** @description Documents to score */
            documents: string[];
            /**
             * @description Keep the best N results; larger than the list is fine
             * @example 3
             */
            top_k?: number;
        };
        RerankResponse: {
            /**
             * @description Request id (same as x-request-id)
             * @example 3f0b8d2e-1c55-4e0b-9d8a-7a1b2c3d4e5f
             */
            id: string;
            /**
             * @description The model name as requested
             * @example glove-100d
             */
            model?: string;
            /** @description Best first; ties keep input order */
            results: {
                /**
                 * @description Position in `documents`
                 * @example 0
                 */
                index: number;
                /**
                 * @description (cosine + 1) / 2, in [0, 1]
                 * @example 0.87
                 */
                relevance_score: number;
                /** @description Present when return_documents is true */
                document?: {
                    /**
                     * @description The scored text
                     * @example Kittens love fish and milk.
                     */
                    text: string;
                };
            }[];
            /** @description Token counts (Jina) */
            usage?: {
                /**
                 * @description Tokens over the query and documents
                 * @example 42
                 */
                total_tokens: number;
            };
            /** @description Cohere's response metadata */
            meta: {
                /** @description API version */
                api_version: {
                    /**
                     * @description Cohere API version
                     * @example 2
                     */
                    version: string;
                };
                /** @description Units billed */
                billed_units: {
                    /**
                     * @description Always 1 per request
                     * @example 1
                     */
                    search_units: number;
                };
            };
        };
        CohereError: {
            /**
             * @description What went wrong
             * @example query: must not be empty
             */
            message: string;
        };
        V1RerankRequest: {
            /**
             * @description Model id or alias; the default model when absent
             * @example glove-100d
             */
            model?: string;
            /**
             * @description The search query
             * @example What do cats like to eat?
             */
            query: string;
            /** @description Documents to score */
            documents: (string | {
                [key: string]: unknown;
            })[];
            /**
             * @description Keep the best N results; larger than the list is fine
             * @example 3
             */
            top_n?: number;
            /**
             * @description Include each document in the results (default true)
             * @example true
             */
            return_documents?: boolean;
            /**
             * @description For object documents: the fields scored, as `field: value` lines
             * @example [
             *       "title",
             *       "body"
             *     ]
             */
            rank_fields?: string[];
        };
        V2RerankRequest: {
            /**
             * @description Model id or alias; any embedding model reranks by cosine similarity
             * @example glove-100d
             */
            model: string;
            /**
             * @description The search query
             * @example What do cats like to eat?
             */
            query: string;
            /** @description Documents to score */
            documents: string[];
            /**
             * @description Keep the best N results; larger than the list is fine
             * @example 3
             */
            top_n?: number;
            /**
             * @description Include each document in the results (default false)
             * @example false
             */
            return_documents?: boolean;
            /**
             * @description Accepted; documents are truncated at the model's own limit
             * @example 4096
             */
            max_tokens_per_doc?: number;
        };
        TeiRerankResponse: {
            /**
             * @description Position in `texts`
             * @example 0
             */
            index: number;
            /**
             * @description Relevance score
             * @example 0.87
             */
            score: number;
            /**
             * @description The text, when return_text is true
             * @example Kittens love fish and milk.
             */
            text?: string;
        }[];
        TeiError: {
            /**
             * @description What went wrong
             * @example texts: must contain at least one document
             */
            error: string;
            /**
             * @description Validation, Overloaded or Backend
             * @example Validation
             */
            error_type: string;
        };
        TeiRerankRequest: {
            /**
             * @description Model id or alias; the default model when absent
             * @example glove-100d
             */
            model?: string;
            /**
             * @description The search query
             * @example What do cats like to eat?
             */
            query: string;
            /** @description Texts to score */
            texts: string[];
            /**
             * @description Return the cosine in [-1, 1] instead of the [0, 1] score
             * @example false
             */
            raw_scores?: boolean;
            /**
             * @description Include each text in the results
             * @example false
             */
            return_text?: boolean;
            /**
             * @description Cut over-long texts (default true)
             * @example true
             */
            truncate?: boolean;
            /**
             * @description Only right truncation is supported
             * @example Right
             * @enum {string}
             */
            truncation_direction?: "Right" | "right";
        };
        BatchEmbedResponse: {
            /**
             * @description The model name as requested
             * @example glove-100d
             */
            model: string;
            /**
             * @description Normalised vectors, nested exactly as `inputs`
             * @example [
             *       [
             *         [
             *           0.1,
             *           0.2
             *         ]
             *       ],
             *       [
             *         [
             *           0.3,
             *           0.4
             *         ],
             *         [
             *           0.5,
             *           0.6
             *         ]
             *       ]
             *     ]
             */
            batches: number[][][];
            /** @description What the cache did for this request */
            cache_stats: {
                /**
                 * @description Texts answered from the cache
                 * @example 1
                 */
                hits: number;
                /**
                 * @description Texts computed
                 * @example 2
                 */
                misses: number;
                /**
                 * @description hits / (hits + misses), 0 when empty
                 * @example 0.33
                 */
                hit_rate: number;
            };
        };
        BatchEmbedRequest: {
            /**
             * @description Model id or alias
             * @example glove-100d
             */
            model: string;
            /**
             * @description Batches of texts; the response keeps this nesting exactly
             * @example [
             *       [
             *         "a cat"
             *       ],
             *       [
             *         "a dog",
             *         "a bird"
             *       ]
             *     ]
             */
            inputs: string[][];
            /**
             * @description Accepted for compatibility; the engine batches by its own token budget
             * @example 32
             */
            batch_size?: number;
            /**
             * @description Read and write the embedding cache (default true)
             * @example true
             */
            use_cache?: boolean;
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
