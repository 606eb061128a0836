export * from "./campaigns";
export * from "./positions";
export * from "./reference";
export * from "./staff";
