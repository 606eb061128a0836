import type { PublicLanguage } from "~/i18n/languages";

/**
 * The embed's own public strings in the seven page languages, in one place so
 * they move into the catalogues (app/i18n/messages) as they are. `{name}`
 * placeholders are filled by `embedText`.
 */
const en = {
  heading: "Write to your government",
  tallyHeading: "Where states stand",
  previewHeading: "Check your letter",
  previewLead: "This letter will go to {target}. You may change the wording.",
  awaitingContact:
    "We do not have a verified address for this office yet. Your letter will be kept and sent as soon as we do.",
  yourLetter: "Your letter",
  sendConfirm: "Send (we will ask you to confirm by e-mail)",
  send: "Send my letter",
  edit: "Change my details",
  sentConfirm:
    "Thank you. Check your e-mail: your letter goes once you click the link we sent you.",
  sent: "Thank you: your letter is on its way.",
  paused:
    "Letters are paused for this campaign: you cannot write one at the moment. Please come back later.",
  closed: "This campaign is closed and no longer takes letters.",
  expired: "This form has expired. Reload the page and try again.",
  limitSender: "Too many letters from here in the last hour. Please try again later.",
  limitBudget: "We are receiving too many letters right now. Please try again in an hour.",
  openFull: "Open the campaign on its own page",
  writeAnother: "Write another letter",
} as const;

export type EmbedMessageKey = keyof typeof en;

export const embedMessages: Record<PublicLanguage, Record<EmbedMessageKey, string>> = {
  en,
  fr: {
    heading: "Écrivez à votre gouvernement",
    tallyHeading: "La position des États",
    previewHeading: "Vérifiez votre lettre",
    previewLead: "Cette lettre sera envoyée à {target}. Vous pouvez en modifier le texte.",
    awaitingContact:
      "Nous n’avons pas encore d’adresse vérifiée pour ce service. Votre lettre sera conservée et envoyée dès que nous l’aurons.",
    yourLetter: "Votre lettre",
    sendConfirm: "Envoyer (nous vous demanderons de confirmer par e-mail)",
    send: "Envoyer ma lettre",
    edit: "Modifier mes informations",
    sentConfirm:
      "Merci. Consultez vos e-mails : votre lettre part dès que vous cliquez sur le lien que nous vous avons envoyé.",
    sent: "Merci : votre lettre est en route.",
    paused:
      "Les lettres sont suspendues pour cette campagne : vous ne pouvez pas en écrire pour le moment. Revenez plus tard.",
    closed: "Cette campagne est terminée et n’accepte plus de lettres.",
    expired: "Ce formulaire a expiré. Rechargez la page et réessayez.",
    limitSender:
      "Trop de lettres depuis cet endroit au cours de la dernière heure. Réessayez plus tard.",
    limitBudget: "Nous recevons trop de lettres en ce moment. Réessayez dans une heure.",
    openFull: "Ouvrir la campagne sur sa propre page",
    writeAnother: "Écrire une autre lettre",
  },
  es: {
    heading: "Escriba a su gobierno",
    tallyHeading: "La posición de los Estados",
    previewHeading: "Revise su carta",
    previewLead: "Esta carta se enviará a {target}. Puede cambiar el texto.",
    awaitingContact:
      "Aún no tenemos una dirección verificada de esta oficina. Guardaremos su carta y la enviaremos en cuanto la tengamos.",
    yourLetter: "Su carta",
    sendConfirm: "Enviar (le pediremos que confirme por correo electrónico)",
    send: "Enviar mi carta",
    edit: "Cambiar mis datos",
    sentConfirm:
      "Gracias. Revise su correo: su carta sale cuando haga clic en el enlace que le enviamos.",
    sent: "Gracias: su carta está en camino.",
    paused:
      "Las cartas están en pausa en esta campaña: no puede escribir una por ahora. Vuelva más tarde.",
    closed: "Esta campaña ha terminado y ya no acepta cartas.",
    expired: "Este formulario ha caducado. Recargue la página e inténtelo de nuevo.",
    limitSender: "Demasiadas cartas desde aquí en la última hora. Inténtelo más tarde.",
    limitBudget: "Estamos recibiendo demasiadas cartas ahora mismo. Inténtelo dentro de una hora.",
    openFull: "Abrir la campaña en su propia página",
    writeAnother: "Escribir otra carta",
  },
  ar: {
    heading: "اكتب إلى حكومتك",
    tallyHeading: "مواقف الدول",
    previewHeading: "راجع رسالتك",
    previewLead: "ستُرسل هذه الرسالة إلى {target}. يمكنك تعديل نصها.",
    awaitingContact:
      "ليس لدينا بعد عنوان موثّق لهذا المكتب. سنحتفظ برسالتك ونرسلها حالما يتوفر لدينا.",
    yourLetter: "رسالتك",
    sendConfirm: "إرسال (سنطلب منك التأكيد عبر البريد الإلكتروني)",
    send: "أرسل رسالتي",
    edit: "تعديل بياناتي",
    sentConfirm:
      "شكرًا لك. تحقق من بريدك الإلكتروني: تُرسل رسالتك عند النقر على الرابط الذي أرسلناه إليك.",
    sent: "شكرًا لك: رسالتك في طريقها.",
    paused: "الرسائل متوقفة مؤقتًا في هذه الحملة: لا يمكنك كتابة رسالة الآن. يرجى العودة لاحقًا.",
    closed: "انتهت هذه الحملة ولم تعد تستقبل رسائل.",
    expired: "انتهت صلاحية هذا النموذج. أعد تحميل الصفحة وحاول مرة أخرى.",
    limitSender: "رسائل كثيرة جدًا من هنا خلال الساعة الأخيرة. يرجى المحاولة لاحقًا.",
    limitBudget: "نتلقى رسائل كثيرة جدًا الآن. يرجى المحاولة بعد ساعة.",
    openFull: "افتح الحملة في صفحتها الخاصة",
    writeAnother: "اكتب رسالة أخرى",
  },
  zh: {
    heading: "致信您的政府",
    tallyHeading: "各国立场",
    previewHeading: "检查您的信件",
    previewLead: "这封信将发送给{target}。您可以修改措辞。",
    awaitingContact: "我们尚无该部门经过核实的地址。您的信件将被保存，待地址核实后立即发送。",
    yourLetter: "您的信件",
    sendConfirm: "发送（我们会请您通过电子邮件确认）",
    send: "发送我的信件",
    edit: "修改我的信息",
    sentConfirm: "谢谢。请查看您的电子邮件：点击我们发送的链接后，您的信件即会发出。",
    sent: "谢谢：您的信件正在发送。",
    paused: "本活动的信件已暂停：您目前无法写信。请稍后再来。",
    closed: "本活动已结束，不再接受信件。",
    expired: "此表单已过期。请刷新页面后重试。",
    limitSender: "过去一小时内从此处发出的信件过多。请稍后再试。",
    limitBudget: "我们目前收到的信件过多。请一小时后再试。",
    openFull: "在活动自己的页面上打开",
    writeAnother: "再写一封信",
  },
  ru: {
    heading: "Напишите своему правительству",
    tallyHeading: "Позиции государств",
    previewHeading: "Проверьте своё письмо",
    previewLead: "Это письмо будет отправлено: {target}. Вы можете изменить текст.",
    awaitingContact:
      "У нас пока нет проверенного адреса этого ведомства. Ваше письмо будет сохранено и отправлено, как только он появится.",
    yourLetter: "Ваше письмо",
    sendConfirm: "Отправить (мы попросим подтвердить по электронной почте)",
    send: "Отправить письмо",
    edit: "Изменить мои данные",
    sentConfirm:
      "Спасибо. Проверьте почту: письмо уйдёт, когда вы нажмёте на ссылку, которую мы вам отправили.",
    sent: "Спасибо: ваше письмо уже в пути.",
    paused:
      "Отправка писем в этой кампании приостановлена: сейчас написать письмо нельзя. Пожалуйста, зайдите позже.",
    closed: "Эта кампания завершена и больше не принимает письма.",
    expired: "Срок действия формы истёк. Обновите страницу и попробуйте снова.",
    limitSender: "Слишком много писем отсюда за последний час. Попробуйте позже.",
    limitBudget: "Сейчас мы получаем слишком много писем. Попробуйте через час.",
    openFull: "Открыть кампанию на её собственной странице",
    writeAnother: "Написать ещё одно письмо",
  },
  fa: {
    heading: "به دولت خود نامه بنویسید",
    tallyHeading: "موضع کشورها",
    previewHeading: "نامه خود را بررسی کنید",
    previewLead: "این نامه برای {target} فرستاده می‌شود. می‌توانید متن آن را تغییر دهید.",
    awaitingContact:
      "هنوز نشانی تأییدشده‌ای از این دفتر نداریم. نامه شما نگه داشته می‌شود و به محض دریافت نشانی فرستاده می‌شود.",
    yourLetter: "نامه شما",
    sendConfirm: "ارسال (از شما می‌خواهیم با ایمیل تأیید کنید)",
    send: "ارسال نامه من",
    edit: "تغییر اطلاعات من",
    sentConfirm:
      "سپاس. ایمیل خود را ببینید: نامه شما پس از کلیک روی پیوندی که فرستادیم ارسال می‌شود.",
    sent: "سپاس: نامه شما در راه است.",
    paused:
      "ارسال نامه در این کارزار متوقف شده است: فعلاً نمی‌توانید نامه بنویسید. لطفاً بعداً برگردید.",
    closed: "این کارزار به پایان رسیده و دیگر نامه نمی‌پذیرد.",
    expired: "این فرم منقضی شده است. صفحه را دوباره بارگذاری کنید و دوباره تلاش کنید.",
    limitSender: "در یک ساعت گذشته نامه‌های زیادی از اینجا فرستاده شده است. لطفاً بعداً تلاش کنید.",
    limitBudget: "هم‌اکنون نامه‌های بسیار زیادی دریافت می‌کنیم. لطفاً یک ساعت دیگر تلاش کنید.",
    openFull: "باز کردن کارزار در صفحه خودش",
    writeAnother: "نوشتن نامه‌ای دیگر",
  },
};

/** The message in this language, its `{name}` placeholders filled. */
export function embedText(
  language: PublicLanguage,
  key: EmbedMessageKey,
  values: Record<string, string> = {},
): string {
  return embedMessages[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? (values[name] ?? whole) : whole,
  );
}
