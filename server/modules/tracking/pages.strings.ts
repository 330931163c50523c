/** The customer-facing pages' words, per language (the customer's locale, else Accept-Language, else English). */
export const pageStrings = {
  en: {
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeQuestion: 'Do you want to stop receiving marketing emails from {{company}}?',
    unsubscribeButton: 'Unsubscribe',
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribedBody: 'You will not receive marketing emails from {{company}} any more. It can take a moment for emails already on their way.',
    managePreferences: 'Manage your email preferences',
    preferencesTitle: 'Email preferences',
    statusLabel: 'Your status',
    status_subscribed: 'Subscribed to marketing emails',
    status_unsubscribed: 'Unsubscribed',
    status_bounced: 'Paused: emails to this address could not be delivered',
    status_complained: 'Paused: an email was reported as spam',
    resubscribeButton: 'Subscribe again',
    resubscribedBody: 'Welcome back. You will receive marketing emails from {{company}} again.',
    suppressedHelp: 'Contact {{company}} to receive emails again.',
    unknownTitle: 'Link not recognised',
    unknownBody: 'This link is incomplete or has expired. Use the link in your most recent email.',
  },
  fr: {
    unsubscribeTitle: 'Désinscription',
    unsubscribeQuestion: 'Voulez-vous ne plus recevoir les e-mails marketing de {{company}} ?',
    unsubscribeButton: 'Me désinscrire',
    unsubscribedTitle: 'Vous êtes désinscrit',
    unsubscribedBody: 'Vous ne recevrez plus les e-mails marketing de {{company}}. Les e-mails déjà en route peuvent encore arriver.',
    managePreferences: 'Gérer vos préférences e-mail',
    preferencesTitle: 'Préférences e-mail',
    statusLabel: 'Votre statut',
    status_subscribed: 'Inscrit aux e-mails marketing',
    status_unsubscribed: 'Désinscrit',
    status_bounced: 'En pause : les e-mails à cette adresse ne sont pas délivrés',
    status_complained: 'En pause : un e-mail a été signalé comme spam',
    resubscribeButton: 'Me réinscrire',
    resubscribedBody: 'Bon retour parmi nous. Vous recevrez de nouveau les e-mails marketing de {{company}}.',
    suppressedHelp: 'Contactez {{company}} pour recevoir de nouveau des e-mails.',
    unknownTitle: 'Lien non reconnu',
    unknownBody: 'Ce lien est incomplet ou a expiré. Utilisez le lien de votre e-mail le plus récent.',
  },
  de: {
    unsubscribeTitle: 'Abmelden',
    unsubscribeQuestion: 'Möchten Sie keine Marketing-E-Mails von {{company}} mehr erhalten?',
    unsubscribeButton: 'Abmelden',
    unsubscribedTitle: 'Sie sind abgemeldet',
    unsubscribedBody: 'Sie erhalten keine Marketing-E-Mails von {{company}} mehr. Bereits versendete E-Mails können noch ankommen.',
    managePreferences: 'E-Mail-Einstellungen verwalten',
    preferencesTitle: 'E-Mail-Einstellungen',
    statusLabel: 'Ihr Status',
    status_subscribed: 'Für Marketing-E-Mails angemeldet',
    status_unsubscribed: 'Abgemeldet',
    status_bounced: 'Pausiert: E-Mails an diese Adresse konnten nicht zugestellt werden',
    status_complained: 'Pausiert: eine E-Mail wurde als Spam gemeldet',
    resubscribeButton: 'Wieder anmelden',
    resubscribedBody: 'Willkommen zurück. Sie erhalten wieder Marketing-E-Mails von {{company}}.',
    suppressedHelp: 'Wenden Sie sich an {{company}}, um wieder E-Mails zu erhalten.',
    unknownTitle: 'Link nicht erkannt',
    unknownBody: 'Dieser Link ist unvollständig oder abgelaufen. Verwenden Sie den Link aus Ihrer neuesten E-Mail.',
  },
  es: {
    unsubscribeTitle: 'Darse de baja',
    unsubscribeQuestion: '¿Quiere dejar de recibir los correos de marketing de {{company}}?',
    unsubscribeButton: 'Darme de baja',
    unsubscribedTitle: 'Se ha dado de baja',
    unsubscribedBody: 'Ya no recibirá correos de marketing de {{company}}. Los correos ya enviados aún pueden llegar.',
    managePreferences: 'Gestionar sus preferencias de correo',
    preferencesTitle: 'Preferencias de correo',
    statusLabel: 'Su estado',
    status_subscribed: 'Suscrito a los correos de marketing',
    status_unsubscribed: 'Dado de baja',
    status_bounced: 'En pausa: los correos a esta dirección no se pudieron entregar',
    status_complained: 'En pausa: un correo se marcó como spam',
    resubscribeButton: 'Suscribirme de nuevo',
    resubscribedBody: 'Bienvenido de nuevo. Volverá a recibir los correos de marketing de {{company}}.',
    suppressedHelp: 'Contacte con {{company}} para volver a recibir correos.',
    unknownTitle: 'Enlace no reconocido',
    unknownBody: 'Este enlace está incompleto o ha caducado. Use el enlace de su correo más reciente.',
  },
} as const;

export type Lang = keyof typeof pageStrings;
export type PageStrings = (typeof pageStrings)[Lang];

export function pickLang(customerLocale: string | null | undefined, acceptLanguage: string | undefined): Lang {
  const candidates = [customerLocale ?? '', ...(acceptLanguage ?? '').split(',').map((p) => p.split(';')[0]!.trim())];
  for (const c of candidates) {
    const primary = c.toLowerCase().split('-')[0] as Lang;
    if (primary in pageStrings) return primary;
  }
  return 'en';
}
