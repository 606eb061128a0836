export * from "./campaigns";
export * from "./reference";
export * from "./staff";
