using Dpse.Core.Stories;
using LiteDB;

namespace Dpse.Storage.LiteDb.Mapping;

/// <summary>Story ⇄ document in collection <c>stories</c>; <c>_id</c> is the story number.</summary>
internal static class StoryDocuments
{
    public static BsonDocument ToDocument(Story story) => new()
    {
        ["_id"] = story.Number,
        ["outcome"] = Bson.Name(story.Outcome),
        ["title"] = story.Title,
        ["summary"] = story.Summary,
        ["context"] = Bson.Text(story.Context),
        ["whatHappened"] = Bson.Text(story.WhatHappened),
        ["lessons"] = Bson.Text(story.Lessons),
        ["organisation"] = Bson.Text(story.Organisation),
        ["organisationDescription"] = Bson.Text(story.OrganisationDescription),
        ["attribution"] = Bson.Name(story.Attribution),
        ["sector"] = Bson.Text(story.Sector),
        ["drupalVersion"] = Bson.Text(story.DrupalVersion),
        ["modules"] = Bson.Texts(story.Modules),
        ["tags"] = Bson.Texts(story.Tags),
        ["links"] = Bson.Texts(story.Links),
        ["author"] = Bson.Person(story.Author),
        ["authorKey"] = story.Author.Key,
        ["authorName"] = story.AuthorName,
        ["origin"] = Bson.Channel(story.Origin),
        ["createdAt"] = Bson.Instant(story.CreatedAt),
        ["updatedAt"] = Bson.Instant(story.UpdatedAt),
        ["celebrations"] = new BsonArray(story.Celebrations.Select(c => new BsonDocument
        {
            ["person"] = Bson.Person(c.Person),
            ["personKey"] = c.Person.Key,
            ["at"] = Bson.Instant(c.At),
        })),
        ["status"] = Bson.Name(story.Status),
        ["isSample"] = story.IsSample,
        ["version"] = story.Version,
    };

    public static Story FromDocument(BsonDocument doc) => new()
    {
        Number = doc["_id"].AsInt32,
        Outcome = Bson.ToEnum<StoryOutcome>(doc["outcome"]),
        Title = doc["title"].AsString,
        Summary = doc["summary"].AsString,
        Context = Bson.ToText(doc["context"]),
        WhatHappened = Bson.ToText(doc["whatHappened"]),
        Lessons = Bson.ToText(doc["lessons"]),
        Organisation = Bson.ToText(doc["organisation"]),
        OrganisationDescription = Bson.ToText(doc["organisationDescription"]),
        Attribution = Bson.ToEnum<Attribution>(doc["attribution"]),
        Sector = Bson.ToText(doc["sector"]),
        DrupalVersion = Bson.ToText(doc["drupalVersion"]),
        Modules = Bson.ToTexts(doc["modules"]),
        Tags = Bson.ToTexts(doc["tags"]),
        Links = Bson.ToTexts(doc["links"]),
        Author = Bson.ToPerson(doc["author"]),
        AuthorName = doc["authorName"].AsString,
        Origin = Bson.ToChannel(doc["origin"]),
        CreatedAt = Bson.ToInstant(doc["createdAt"]),
        UpdatedAt = Bson.ToInstant(doc["updatedAt"]),
        Celebrations = doc["celebrations"].IsArray
            ? [.. doc["celebrations"].AsArray.Select(c => new Celebration(Bson.ToPerson(c["person"]), Bson.ToInstant(c["at"])))]
            : [],
        Status = Bson.ToEnum<ContentStatus>(doc["status"]),
        IsSample = doc["isSample"].AsBoolean,
        Version = Bson.ToVersion(doc["version"]),
    };
}
