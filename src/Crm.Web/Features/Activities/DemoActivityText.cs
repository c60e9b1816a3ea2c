using System.Globalization;
using Crm.Web.Features.Demo;

namespace Crm.Web.Features.Activities;

/// <summary>Subjects, bodies and outcomes of demo activities in French and English; a third of the long texts in Markdown.</summary>
public static class DemoActivityText
{
    public sealed record Generated(ActivityKind Kind, string Subject, int? DurationMinutes, string? Outcome, string? Body, TextFormat Format);

    // {0} the contact's first name (or the team), {1} the company, {2} a number.
    private static readonly string[] CallSubjectsFr = ["Appel de qualification", "Relance devis n° {2}", "Point d'avancement avec {0}", "Appel de découverte", "Suivi de livraison", "Rappel demandé par {0}", "Renouvellement du contrat {1}"];
    private static readonly string[] CallSubjectsEn = ["Qualification call", "Follow-up on quote #{2}", "Catch-up with {0}", "Discovery call", "Delivery follow-up", "Call back requested by {0}", "Contract renewal for {1}"];
    private static readonly string[] EmailSubjectsFr = ["Proposition commerciale {1}", "Re : votre demande de devis", "Documentation produit", "Invitation au webinaire de mars", "Confirmation de rendez-vous", "Facture n° {2}", "Suite à notre échange"];
    private static readonly string[] EmailSubjectsEn = ["Proposal for {1}", "Re: your quote request", "Product documentation", "Webinar invitation", "Meeting confirmation", "Invoice #{2}", "Following our conversation"];
    private static readonly string[] MeetingSubjectsFr = ["Rendez-vous chez {1}", "Démonstration produit", "Revue trimestrielle", "Atelier de cadrage", "Déjeuner avec {0}", "Comité de pilotage"];
    private static readonly string[] MeetingSubjectsEn = ["Meeting at {1}", "Product demo", "Quarterly business review", "Scoping workshop", "Lunch with {0}", "Steering committee"];
    private static readonly string[] NoteSubjectsFr = ["Note interne", "Organigramme {1}", "Besoins identifiés", "Concurrent en place", "À savoir avant la relance"];
    private static readonly string[] NoteSubjectsEn = ["Internal note", "{1} org chart", "Needs identified", "Incumbent competitor", "Before the next follow-up"];

    private static readonly string[] PlainBodiesFr =
    [
        "{0} souhaite recevoir une proposition avant la fin du mois. Budget estimé : {2} k€.",
        "Échange cordial. {0} attend le retour de sa direction financière ; relancer dans deux semaines.",
        "Pas de besoin immédiat chez {1}, mais un projet de renouvellement est prévu l'an prochain.",
        "Le devis n° {2} a été transmis au service achats. Délai de décision : environ 3 semaines.",
        "{0} signale un problème de livraison ; vu avec la logistique, nouvel envoi prévu jeudi.",
    ];

    private static readonly string[] PlainBodiesEn =
    [
        "{0} would like a proposal before the end of the month. Estimated budget: £{2}k.",
        "Friendly chat. {0} is waiting for sign-off from finance; follow up in two weeks.",
        "No immediate need at {1}, but a renewal project is planned for next year.",
        "Quote #{2} was sent to procurement. Decision expected in about 3 weeks.",
        "{0} reported a delivery issue; sorted with logistics, new shipment on Thursday.",
    ];

    private static readonly string[] MarkdownBodiesFr =
    [
        "**Compte rendu**\n\n- Besoin : équiper {2} postes\n- Interlocuteur : {0}\n- Prochaine étape : envoyer la *proposition* chez {1}\n",
        "## Points abordés\n\n1. Tarifs 2026\n2. Délais de mise en route\n3. Formation des équipes\n\n> {0} : « Nous décidons avant l'été. »\n",
        "### À faire\n\n- [ ] Envoyer le devis n° {2}\n- [ ] Planifier une démo pour {1}\n- [x] Mettre à jour les coordonnées de {0}\n",
    ];

    private static readonly string[] MarkdownBodiesEn =
    [
        "**Summary**\n\n- Need: {2} seats\n- Contact: {0}\n- Next step: send the *proposal* to {1}\n",
        "## Discussed\n\n1. 2026 pricing\n2. Onboarding timeline\n3. Team training\n\n> {0}: \"We will decide before summer.\"\n",
        "### To do\n\n- [ ] Send quote #{2}\n- [ ] Book a demo for {1}\n- [x] Update {0}'s details\n",
    ];

    private static readonly string[] CallOutcomesFr = ["Joint", "Messagerie", "Pas de réponse", "Rappel demandé", "Intéressé", "Pas intéressé"];
    private static readonly string[] CallOutcomesEn = ["Connected", "Left voicemail", "No answer", "Call back requested", "Interested", "Not interested"];
    private static readonly string[] MeetingOutcomesFr = ["Positif", "Suite à donner", "Reporté", "Devis demandé"];
    private static readonly string[] MeetingOutcomesEn = ["Positive", "Follow-up needed", "Postponed", "Quote requested"];

    public static Generated Make(Random random, bool english, string? firstName, string? company)
    {
        var kind = random.NextDouble() switch
        {
            < 0.35 => ActivityKind.Call,
            < 0.65 => ActivityKind.Email,
            < 0.80 => ActivityKind.Meeting,
            _ => ActivityKind.Note,
        };
        var who = firstName ?? (english ? "the buying team" : "l'équipe achats");
        var where = company ?? (english ? "their company" : "leur société");
        var number = random.Next(100, 9999).ToString(CultureInfo.InvariantCulture);
        string Fill(string template) => string.Format(CultureInfo.InvariantCulture, template, who, where, number);

        var subjects = kind switch
        {
            ActivityKind.Call => english ? CallSubjectsEn : CallSubjectsFr,
            ActivityKind.Email => english ? EmailSubjectsEn : EmailSubjectsFr,
            ActivityKind.Meeting => english ? MeetingSubjectsEn : MeetingSubjectsFr,
            _ => english ? NoteSubjectsEn : NoteSubjectsFr,
        };
        var markdown = kind is ActivityKind.Meeting or ActivityKind.Note && random.Chance(0.35);
        var body = kind == ActivityKind.Call && random.Chance(0.3)
            ? null
            : Fill(random.Pick(markdown ? (english ? MarkdownBodiesEn : MarkdownBodiesFr) : (english ? PlainBodiesEn : PlainBodiesFr)));
        var (duration, outcome) = kind switch
        {
            ActivityKind.Call => ((int?)random.Next(2, 46), random.Pick(english ? CallOutcomesEn : CallOutcomesFr)),
            ActivityKind.Meeting => (random.Next(1, 9) * 15, random.Pick(english ? MeetingOutcomesEn : MeetingOutcomesFr)),
            _ => ((int?)null, (string?)null),
        };
        var subject = Fill(random.Pick(subjects));
        return new Generated(kind, subject.Length > 200 ? subject[..200] : subject, duration, outcome, body, markdown ? TextFormat.Markdown : TextFormat.Plain);
    }
}
