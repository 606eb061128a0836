import type { PublicLanguage } from "./languages";
import ar from "./messages/ar.json";
import en from "./messages/en.json";
import es from "./messages/es.json";
import fa from "./messages/fa.json";
import fr from "./messages/fr.json";
import ru from "./messages/ru.json";
import zh from "./messages/zh.json";

export type MessageKey = keyof typeof en;
export type Messages = Record<string, string>;

/** Every catalogue, server side only: a page sends the browser just its own language's. */
export const catalogues: Record<PublicLanguage, Messages> = { en, fr, es, ar, zh, ru, fa };
