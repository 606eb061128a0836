export * from "./campaigns";
export * from "./contacts";
export * from "./letters";
export * from "./metrics";
export * from "./positions";
export * from "./reference";
export * from "./responses";
export * from "./staff";
