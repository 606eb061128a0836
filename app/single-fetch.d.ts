import "@remix-run/server-runtime";

// Single Fetch types for useLoaderData/useActionData (future.v3_singleFetch).
declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
