using System.Globalization;
using Dpse.Bench.Store;
using Dpse.Core.Identity;
using Dpse.Core.Stories;

namespace Dpse.Bench.Postgres;

/// <summary>
/// Generated stories that look like the exchange's (config/sample-stories.json): councils, trusts and universities
/// from a few hundred organisations, real sectors, Drupal modules and tags with a skewed frequency (a few are in many
/// stories), titles built from the domain's phrases, and long fields mixing common English with a Zipf tail of rare
/// words, so common searches match thousands of stories and rare ones a handful.
/// </summary>
internal sealed class StoryCorpus
{
    public static readonly string[] Places =
    [
        "Anytown", "Northshire", "Exampleton", "Shiretown", "Westvale", "Eastmarsh", "Southbridge", "Kingsford", "Riverside", "Highmoor",
        "Lowfield", "Oakham Vale", "Ashby Cross", "Bramleigh", "Castlebury", "Dunmore", "Elmstead", "Fairhaven", "Glenridge", "Harrowgate",
        "Ivybridge", "Juniper Hill", "Kestrel Bay", "Larkspur", "Millbrook", "Newhaven", "Orchard Park", "Pennington", "Queensmead", "Redcliffe",
        "Stonebridge", "Thornbury", "Upton Moor", "Valley Green", "Whitecliff", "Yarrow", "Cyngor Enghraifft", "Aberwen", "Glasmoor", "Lochbridge",
    ];

    public static readonly string[] Sectors =
    [
        "local government", "local government", "local government", "health", "central government", "education", "emergency services",
        "housing", "policing", "charity", "transport", "culture",
    ];

    public static readonly string[] Tags =
    [
        "accessibility", "migration", "search", "hosting", "procurement", "performance", "forms", "content", "design-system", "workflow",
        "multilingual", "headless", "intranet", "identity", "sso", "caching", "security", "upgrade", "drupal7", "drupal10", "testing", "ci",
        "governance", "training", "editorial", "preview", "channel-shift", "open-data", "gis", "maps", "payments", "bookings", "consultation",
        "multisite", "distribution", "shared-services", "chatbot", "analytics", "seo", "redirects", "solr", "elasticsearch", "media", "images",
        "documents", "pdf", "wcag", "user-research", "agile", "contracts", "budget", "risk", "launch", "outage", "backup", "devops", "docker",
        "kubernetes", "cloud", "on-premise", "api", "integration", "crm", "newsletter", "events", "library", "planning", "waste", "council-tax",
        "social-care", "schools", "recruitment", "welsh", "gaelic", "translation", "moderation", "archive", "decommissioning", "microsites",
    ];

    public static readonly string[] Modules =
    [
        "webform", "views", "paragraphs", "search_api", "search_api_solr", "migrate_plus", "migrate_tools", "redirect", "pathauto", "metatag",
        "config_split", "domain", "jsonapi", "next", "openid_connect", "samlauth", "content_moderation", "content_translation", "big_pipe",
        "layout_builder", "media_library", "ckeditor5", "entity_browser", "geofield", "leaflet", "commerce", "simple_sitemap", "admin_toolbar",
        "gin", "localgov_directories", "localgov_services", "localgov_alert_banner", "purge", "varnish_purger", "memcache", "redis", "honeypot",
        "captcha", "tfa", "password_policy", "config_distro", "scheduler", "workbench_access", "group", "feeds", "entity_reference_revisions",
    ];

    private static readonly string[] OrganisationKinds =
    [
        "Borough Council", "County Council", "City Council", "District Council", "NHS Foundation Trust", "University", "Fire and Rescue Service",
        "Police", "Housing Association", "College", "Combined Authority", "Library Service",
    ];

    private static readonly string[] Descriptions =
    [
        "a district council", "a county council", "a London borough", "an acute NHS trust", "a unitary authority", "a housing association",
        "a central government agency", "a university", "a police force", "a fire and rescue service",
    ];

    private static readonly string[] Actions =
    [
        "Moving", "Migrating", "Rebuilding", "Replacing", "Consolidating", "Launching", "Upgrading", "Redesigning", "Retiring", "Opening up",
        "Securing", "Speeding up", "Translating", "Testing", "Procuring", "Hosting",
    ];

    private static readonly string[] Things =
    [
        "council microsites", "the intranet", "site search", "online forms", "the planning portal", "school admissions pages",
        "the events calendar", "service directories", "the design system", "PDF downloads", "the news section", "library catalogue pages",
        "bin collection lookups", "the staff directory", "consultation pages", "Welsh language content", "the document archive",
        "payment pages", "the careers site", "open data pages",
    ];

    private static readonly string[] Endings =
    [
        "onto one Drupal multisite", "with Drupal 10", "behind single sign-on", "with Webform", "on a shared platform", "with Search API Solr",
        "without a big bang launch", "in nine months", "after a failed procurement", "for WCAG 2.2 AA", "with a headless front end",
        "on a tight budget", "across three councils", "before the old contract ended", "with our own team", "with a supplier framework",
    ];

    private static readonly string[] Common =
    [
        "the", "we", "our", "and", "to", "of", "a", "in", "for", "on", "was", "with", "site", "team", "users", "residents", "staff",
        "content", "pages", "service", "project", "supplier", "contract", "drupal", "council", "website", "search", "migration",
        "accessibility", "hosting", "budget", "months", "weeks", "editors", "launch", "testing", "design", "platform", "module", "modules",
        "upgrade", "performance", "forms", "data", "procurement", "support", "training", "feedback", "survey", "complaints", "calls", "digital",
        "public", "sector", "government", "local", "national", "shared", "open", "source", "community", "lessons", "learned", "would",
        "again", "earlier", "later", "plan", "planned", "delivered", "stalled", "failed", "succeeded", "rebuilt", "replaced", "retired",
        "cost", "saved", "time", "money", "risk", "governance", "workflow", "approval", "review", "audit", "security", "cache", "caching",
        "solr", "webform", "views", "paragraphs", "multisite", "intranet", "identity", "headless", "preview", "translation",
    ];

    private readonly Vocabulary _rare;
    private readonly double[] _tagWeights;

    public StoryCorpus(Random random)
    {
        _rare = Vocabulary.Create(random);
        _tagWeights = Cumulative(Tags.Length);
    }

    /// <summary>A common domain word (in thousands of stories at 100k).</summary>
    public static string CommonWord(Random random) => Common[random.Next(12, Common.Length)];

    /// <summary>A word of the long tail (in a few stories).</summary>
    public string RareWord(Random random) => _rare.RareWord(random);

    /// <summary>A tag, skewed towards the first of <see cref="Tags"/>.</summary>
    public string Tag(Random random) => Tags[Pick(_tagWeights, random)];

    public static string Organisation(Random random) => $"{Places[random.Next(Places.Length)]} {OrganisationKinds[random.Next(OrganisationKinds.Length)]}";

    public Story Story(Random random, int number, DateTimeOffset created)
    {
        var anonymised = random.Next(5) == 0;
        var author = new ActorRef(number % 2 == 0 ? Platforms.Discord : Platforms.Slack, "W" + (number % 7).ToString(CultureInfo.InvariantCulture), "U" + (number % 3_000).ToString(CultureInfo.InvariantCulture));
        var tags = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Tag(random)).Distinct().ToList();
        var modules = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Modules[random.Next(Modules.Length)]).Distinct().ToList();
        var celebrations = Enumerable.Range(0, random.Next(4) == 0 ? random.Next(1, 6) : 0)
            .Select(i => new Celebration(new ActorRef(Platforms.Slack, "W1", "C" + random.Next(5_000).ToString(CultureInfo.InvariantCulture)), created.AddHours(i + 1)))
            .DistinctBy(c => c.Person)
            .ToList();
        return new Story
        {
            Number = number,
            Outcome = random.Next(3) == 0 ? StoryOutcome.Failure : StoryOutcome.Success,
            Title = Title(random),
            Summary = Prose(random, 35),
            Context = random.Next(4) == 0 ? null : Prose(random, 30),
            WhatHappened = random.Next(3) == 0 ? null : Prose(random, 80),
            Lessons = Prose(random, 45),
            Organisation = Organisation(random),
            OrganisationDescription = anonymised ? Descriptions[random.Next(Descriptions.Length)] : null,
            Attribution = anonymised ? Attribution.Anonymised : Attribution.Named,
            Sector = Sectors[random.Next(Sectors.Length)],
            DrupalVersion = random.Next(4) == 0 ? "7" : random.Next(2) == 0 ? "10" : "11",
            Modules = modules,
            Tags = tags,
            Links = random.Next(3) == 0 ? [$"https://www.example.org/case-studies/{number.ToString(CultureInfo.InvariantCulture)}"] : [],
            Author = author,
            AuthorName = "Member " + author.UserId,
            Origin = new ChannelRef(author.Platform, author.Workspace, "stories"),
            CreatedAt = created,
            UpdatedAt = created,
            Celebrations = celebrations,
        };
    }

    /// <summary>A title as people write them: "Moving council microsites onto one Drupal multisite".</summary>
    public static string Title(Random random) => $"{Actions[random.Next(Actions.Length)]} {Things[random.Next(Things.Length)]} {Endings[random.Next(Endings.Length)]}";

    /// <summary>Four in five words are common English and domain words, one in five from the long tail.</summary>
    public string Prose(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => random.Next(5) == 0 ? _rare.Word(random) : Common[random.Next(Common.Length)]));

    private static double[] Cumulative(int count)
    {
        var cumulative = new double[count];
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }

        for (var i = 0; i < count; i++)
        {
            cumulative[i] /= total;
        }

        return cumulative;
    }

    private static int Pick(double[] cumulative, Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}
