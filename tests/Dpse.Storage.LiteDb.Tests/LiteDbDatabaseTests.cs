using Dpse.Core.Stories;
using Dpse.Storage.LiteDb.Stories;
using Dpse.Storage.LiteDb.Tests.Contracts;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Storage.LiteDb.Tests;

public sealed class LiteDbDatabaseTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Reopen_AfterDispose_KeepsEveryRecordSearchAndTheNextNumbers()
    {
        using (var first = new LiteDbDatabase(_folder.DataFile))
        {
            var stores = LiteDbContractStores.Over(first);
            await stores.Stories.AddAsync(FullStory() with { Status = ContentStatus.Published }, AuditBy(Ann, "story share"), Ct);
            var second = await stores.Stories.AddAsync(Story("Council forms rebuild", Day(6)), AuditBy(Bob, "story share"), Ct);
            await stores.Stories.CelebrateAsync(second.Number, new(Bob, Day(7)), AuditBy(Bob, "story celebrate", second.Id), Ct);
            await stores.Events.AddAsync(FullEvent(), AuditBy(Bob, "event add"), Ct);
            await stores.ChannelSettings.SetRemindersAsync(SlackChannel, true, Day(2), AuditBy(Ann, "reminders on", SlackChannel.Key), Ct);
            await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, true, Day(2), AuditBy(Ann, "reminders on", Ann.Key), Ct);
        }

        using var reopened = new LiteDbDatabase(_folder.DataFile);
        var again = LiteDbContractStores.Over(reopened);

        AssertSame(FullStory() with { Number = 1, Status = ContentStatus.Published }, await again.Stories.GetAsync(1, Ct));
        AssertSame(FullEvent() with { Number = 1 }, await again.Events.GetAsync(1, Ct));
        Assert.True((await again.ChannelSettings.GetAsync(SlackChannel, Ct))!.RemindersOn);
        Assert.True((await again.MemberSettings.GetAsync(Ann, Ct))!.ReminderDirectMessages);
        Assert.Equal(2, await again.Stories.CountAsync(Ct));
        Assert.Equal(["S-2"], (await again.Stories.SearchAsync(new StoryQuery { Text = "council forms" }, Ct)).Stories.Select(s => s.Id));
        Assert.Equal(0, (await again.Stories.SearchAsync(new StoryQuery { Text = "anytown", Viewer = BobViewer }, Ct)).Total);
        Assert.Equal(["S-1"], (await again.Stories.SearchAsync(new StoryQuery { Text = "anytown", Viewer = Moderator }, Ct)).Stories.Select(s => s.Id));
        Assert.Single((await again.Stories.GetAsync(2, Ct))!.Celebrations);
        Assert.Equal(Core.Writes.WriteStatus.Unchanged, (await again.Stories.CelebrateAsync(2, new(Bob, Day(8)), AuditBy(Bob, "story celebrate", "S-2"), Ct)).Status);

        var before = await again.Audit.ListAsync(null, 100, Ct);
        Assert.Equal("S-3", (await again.Stories.AddAsync(Story("Third", Day(9)), AuditBy(Ann, "story share"), Ct)).Id);
        Assert.Equal("E-2", (await again.Events.AddAsync(Event("Next", Day(20)), AuditBy(Ann, "event add"), Ct)).Id);
        var after = await again.Audit.ListAsync(null, 100, Ct);
        Assert.Equal(6, before.Count); // share, share, celebrate, event add, channel reminders on, member reminders on
        Assert.Equal([before[0].Id + 2, before[0].Id + 1], after.Take(2).Select(e => e.Id));
    }

    [Fact]
    public async Task Reopen_MoreStoriesThanOneLoadChunk_IndexesEveryOne()
    {
        // The search index loads in chunks (1000 in production, 10 here); 25 stories cross two chunk boundaries.
        using (var first = new LiteDbDatabase(_folder.DataFile))
        {
            var stories = Enumerable.Range(1, 25).Select(i => Story(i % 2 == 0 ? $"Even {i}" : $"Odd {i}", Day(1)) with { Number = i }).ToList();
            await new LiteDbStoryStore(first, indexLoadChunk: 10).ImportAsync(stories, AuditBy(Mo, "import", "stories"), Ct);
        }

        using var reopened = new LiteDbDatabase(_folder.DataFile);
        var store = new LiteDbStoryStore(reopened, indexLoadChunk: 10);

        Assert.Equal(25, await store.CountAsync(Ct));
        Assert.Equal(13, (await store.SearchAsync(new StoryQuery { Text = "odd" }, Ct)).Total);
        Assert.Equal(["S-25"], (await store.SearchAsync(new StoryQuery { Text = "odd 25" }, Ct)).Stories.Select(s => s.Id));
        Assert.Equal(["S-10"], (await store.SearchAsync(new StoryQuery { Text = "even 10" }, Ct)).Stories.Select(s => s.Id));
        Assert.Equal(["S-20"], (await store.SearchAsync(new StoryQuery { Text = "even 20" }, Ct)).Stories.Select(s => s.Id));
        Assert.Equal("S-26", (await store.AddAsync(Story("Next", Day(2)), AuditBy(Ann, "story share"), Ct)).Id);
    }

    [Fact]
    public void Open_SameFileTwice_SecondIsRefusedNamingTheFile()
    {
        using var first = new LiteDbDatabase(_folder.DataFile);

        var refusal = Assert.Throws<DatabaseInUseException>(() => new LiteDbDatabase(_folder.DataFile));

        Assert.Contains(Path.GetFullPath(_folder.DataFile), refusal.Message, StringComparison.Ordinal);
        Assert.Contains("another Dpse.Bot process", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(_folder.DataFile), refusal.Path);
    }

    [Fact]
    public async Task Open_WhileHeld_TheLockIsVisibleToOtherProcesses()
    {
        var flock = new[] { "/usr/bin/flock", "/bin/flock" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(!OperatingSystem.IsLinux() || flock is null, "needs Linux and the flock(1) utility to take the lock from a second process");
        var lockFile = Path.GetFullPath(_folder.DataFile) + ".lock";

        int held, released;
        using (new LiteDbDatabase(_folder.DataFile))
        {
            held = await RunAsync(flock!, "--nonblock", "--exclusive", lockFile, "true");
        }

        released = await RunAsync(flock!, "--nonblock", "--exclusive", lockFile, "true");

        Assert.Equal((1, 0), (held, released));
    }

    [Fact]
    public async Task Calls_AfterDispose_FailFastInsteadOfWaiting()
    {
        var database = new LiteDbDatabase(_folder.DataFile);
        var stores = LiteDbContractStores.Over(database);
        database.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => stores.Stories.GetAsync(1, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stores.Events.AddAsync(Event("Late", Day(2)), AuditBy(Ann, "event add"), Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct));
        database.Dispose();
    }

    [Fact]
    public async Task Open_AfterTheFirstIsDisposed_Succeeds()
    {
        new LiteDbDatabase(_folder.DataFile).Dispose();

        using var second = new LiteDbDatabase(_folder.DataFile);

        Assert.Equal(0, await LiteDbContractStores.Over(second).Stories.CountAsync(Ct));
    }

    [Fact]
    public void Open_MissingFolders_AreCreated()
    {
        var path = Path.Combine(_folder.Path, "a", "b", "dpse.db");

        using var database = new LiteDbDatabase(path);

        Assert.True(File.Exists(path));
        Assert.Equal(Path.GetFullPath(path), database.FilePath);
    }

    [Fact]
    public async Task Dispose_CheckpointsTheLogIntoTheDataFile()
    {
        var log = Path.Combine(Path.GetDirectoryName(_folder.DataFile)!, "dpse-log.db");
        using (var database = new LiteDbDatabase(_folder.DataFile))
        {
            await LiteDbContractStores.Over(database).Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);
            Assert.True(File.Exists(log) && new FileInfo(log).Length > 0, "a commit goes to the log first");
        }

        Assert.False(File.Exists(log) && new FileInfo(log).Length > 0, "the log was not checkpointed at shutdown");
    }

    [Fact]
    public async Task Checkpoint_WhileOpen_EmptiesTheLogAndKeepsTheData()
    {
        var log = Path.Combine(Path.GetDirectoryName(_folder.DataFile)!, "dpse-log.db");
        using var database = new LiteDbDatabase(_folder.DataFile);
        var stores = LiteDbContractStores.Over(database);
        await stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);
        var dataBefore = new FileInfo(_folder.DataFile).Length;

        database.Checkpoint();

        Assert.False(File.Exists(log) && new FileInfo(log).Length > 0, "the log still holds pages after a checkpoint");
        Assert.True(new FileInfo(_folder.DataFile).Length >= dataBefore);
        Assert.Equal("Solr", (await stores.Stories.GetAsync(1, Ct))!.Title);
    }

    [Fact]
    public async Task Add_WhenTheAuditEntryCannotBeWritten_RollsBackTheStoryToo()
    {
        using var database = new LiteDbDatabase(_folder.DataFile);
        var stores = LiteDbContractStores.Over(database);

        await Assert.ThrowsAnyAsync<Exception>(() => stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share") with { Actor = null! }, Ct));

        Assert.Null(await stores.Stories.GetAsync(1, Ct));
        Assert.Equal(0, (await stores.Stories.SearchAsync(new StoryQuery { Text = "solr" }, Ct)).Total);
        Assert.Equal("S-1", (await stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct)).Id);
        Assert.Single(await stores.Audit.ListAsync(null, 10, Ct));
    }

    [Fact]
    public async Task ManyConcurrentCallers_NeverExhaustLiteDbTransactions()
    {
        using var database = new LiteDbDatabase(_folder.DataFile);
        var stores = LiteDbContractStores.Over(database);
        var added = await stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);

        // Far more than LiteDB's 100 open transactions, started at once from pool threads.
        var work = Enumerable.Range(0, 400).Select(i => Task.Run(
            async () =>
            {
                switch (i % 4)
                {
                    case 0:
                        await stores.Stories.AddAsync(Story($"Story {i}", Day(2)), AuditBy(Ann, "story share"), Ct);
                        break;
                    case 1:
                        await stores.Stories.SearchAsync(new StoryQuery { Text = "story" }, Ct);
                        break;
                    case 2:
                        await stores.Stories.CelebrateAsync(added.Number, new(Bob with { UserId = $"u{i}" }, Day(3)), AuditBy(Bob, "story celebrate", added.Id), Ct);
                        break;
                    default:
                        await stores.Events.ListStartingBetweenAsync(Day(1), Day(30), Ct);
                        break;
                }
            },
            Ct));

        await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(101, await stores.Stories.CountAsync(Ct));
        Assert.Equal(100, (await stores.Stories.GetAsync(added.Number, Ct))!.Celebrations.Count);
        Assert.Equal(201, (await stores.Audit.ListAsync(null, 1000, Ct)).Count);
    }

    [Fact]
    public async Task Instants_AreStoredAsUtcToTheMillisecond()
    {
        using var database = new LiteDbDatabase(_folder.DataFile);
        var stores = LiteDbContractStores.Over(database);
        var typed = new DateTimeOffset(2026, 3, 29, 2, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);

        await stores.Stories.AddAsync(Story("Offsets", typed), AuditBy(Ann, "story share"), Ct);
        var read = (await stores.Stories.GetAsync(1, Ct))!;

        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 30, 15, 123, TimeSpan.Zero), read.CreatedAt);
    }

    [Fact]
    public async Task Write_ThrowingWork_RollsBackAndLeavesNoTransactionOpen()
    {
        using var database = new LiteDbDatabase(_folder.DataFile);

        Assert.Throws<InvalidOperationException>(() => database.Write<int>(db =>
        {
            db.GetCollection("scratch").Insert(new LiteDB.BsonDocument { ["_id"] = 1 });
            throw new InvalidOperationException("boom");
        }));
        var written = await database.WriteAsync(db => db.GetCollection("scratch").Insert(new LiteDB.BsonDocument { ["_id"] = 2 }), null, Ct);

        Assert.Equal(2, written.AsInt32);
        Assert.Equal([2], database.Read(db => db.GetCollection("scratch").FindAll().Select(d => d["_id"].AsInt32).ToList()));
    }

    [Fact]
    public void Open_LogWithoutItsDataFile_IsRefused()
    {
        var folder = Path.GetDirectoryName(_folder.DataFile)!;
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "dpse-log.db"), new byte[8192]);

        var refusal = Assert.Throws<DatabaseRefusedException>(() => new LiteDbDatabase(_folder.DataFile));

        Assert.Contains("dpse-log.db", refusal.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.DataFile));
    }

    [Fact]
    public async Task Open_AfterACrash_ReplaysItsOwnLogButRefusesAnotherDatabasesLog()
    {
        var crashed = Path.Combine(_folder.Path, "crashed", "dpse.db");
        var other = Path.Combine(_folder.Path, "other", "dpse.db");
        using (var database = new LiteDbDatabase(_folder.DataFile))
        {
            await LiteDbContractStores.Over(database).Stories.AddAsync(Story("Only in the log", Day(1)), AuditBy(Ann, "story share"), Ct);

            // What a killed process leaves behind: the data file and a log holding the commit not yet checkpointed.
            Directory.CreateDirectory(Path.GetDirectoryName(crashed)!);
            File.Copy(_folder.DataFile, crashed);
            File.Copy(LogGuard.LogPathOf(_folder.DataFile), LogGuard.LogPathOf(crashed));
        }

        using (var database = new LiteDbDatabase(other))
        {
            await LiteDbContractStores.Over(database).Stories.AddAsync(Story("Another exchange", Day(2)), AuditBy(Bob, "story share"), Ct);
        }

        File.Copy(LogGuard.LogPathOf(crashed), LogGuard.LogPathOf(other));
        var refusal = Assert.Throws<DatabaseRefusedException>(() => new LiteDbDatabase(other));
        Assert.Contains("belongs to a different database", refusal.Message, StringComparison.Ordinal);
        File.Delete(LogGuard.LogPathOf(other));
        using (var untouched = new LiteDbDatabase(other))
        {
            Assert.Equal(["Another exchange"], (await LiteDbContractStores.Over(untouched).Stories.ListAllAsync(Ct)).Select(s => s.Title));
        }

        using var recovered = new LiteDbDatabase(crashed);
        Assert.Equal(["Only in the log"], (await LiteDbContractStores.Over(recovered).Stories.ListAllAsync(Ct)).Select(s => s.Title));
    }

    [Fact]
    public async Task Backup_WhileOpen_WritesACopyThatOpensOnItsOwn()
    {
        var copy = Path.Combine(_folder.Path, "backups", "dpse-copy.db");
        using (var database = new LiteDbDatabase(_folder.DataFile))
        {
            var stores = LiteDbContractStores.Over(database);
            await stores.Stories.AddAsync(Story("Backed up", Day(1)), AuditBy(Ann, "story share"), Ct);

            database.Backup(copy);

            await stores.Stories.AddAsync(Story("After the backup", Day(2)), AuditBy(Ann, "story share"), Ct);
            Assert.Throws<IOException>(() => database.Backup(_folder.DataFile));
        }

        using var restored = new LiteDbDatabase(copy);
        var titles = (await LiteDbContractStores.Over(restored).Stories.ListAllAsync(Ct)).Select(s => s.Title);
        Assert.Equal(["Backed up"], titles);
    }

    [Fact]
    public async Task TwoStoreInstances_OverOneDatabase_ShareTheSearchIndex()
    {
        using var database = new LiteDbDatabase(_folder.DataFile);
        var writer = LiteDbContractStores.Over(database);
        var reader = LiteDbContractStores.Over(database);

        await writer.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);

        Assert.Equal(1, (await reader.Stories.SearchAsync(new StoryQuery { Text = "solr" }, Ct)).Total);
    }

    [Theory]
    [InlineData("notes.txt", "remember the milk\n")]
    [InlineData("stories.json", "{\"stories\":[]}")]
    [InlineData("empty.db", "")]
    public void Open_ExistingFileThatIsNotADatabase_IsRefusedAndLeftUntouched(string name, string content)
    {
        Directory.CreateDirectory(_folder.Path);
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, content);

        var refusal = Assert.Throws<DatabaseRefusedException>(() => new LiteDbDatabase(path));

        Assert.Contains(path, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("left untouched", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Dpse__Storage__LiteDb__Path", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(path));
        Assert.False(File.Exists(LogGuard.LogPathOf(path)));
    }

    [Fact]
    public void Open_LargeJsonFile_IsRefusedAndLeftUntouched()
    {
        Directory.CreateDirectory(_folder.Path);
        var path = Path.Combine(_folder.Path, "export.json");
        var json = "{\"stories\":[" + string.Join(',', Enumerable.Range(1, 2000).Select(i => $"{{\"number\":{i}}}")) + "]}";
        File.WriteAllText(path, json);

        Assert.Throws<DatabaseRefusedException>(() => new LiteDbDatabase(path));

        Assert.Equal(json, File.ReadAllText(path));
    }

    [Fact]
    public void Open_DevNull_IsRefused()
    {
        Assert.SkipUnless(File.Exists("/dev/null"), "needs /dev/null");

        var refusal = Assert.Throws<DatabaseRefusedException>(() => new LiteDbDatabase("/dev/null"));

        Assert.Contains("/dev/null is empty", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_LiteDbFileOfAnotherApplication_IsRefusedAndLeftUntouched()
    {
        Directory.CreateDirectory(_folder.Path);
        var path = Path.Combine(_folder.Path, "other.db");
        using (var other = new LiteDB.LiteDatabase(path))
        {
            other.GetCollection("customers").Insert(new LiteDB.BsonDocument { ["name"] = "Ann" });
        }

        var before = await File.ReadAllBytesAsync(path, Ct);

        var refusal = Assert.Throws<DatabaseRefusedException>(() => new LiteDbDatabase(path));

        Assert.Contains("another application", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public void Open_FolderUnderAFile_SaysWhichFileIsInTheWay()
    {
        Directory.CreateDirectory(_folder.Path);
        var file = Path.Combine(_folder.Path, "plain.txt");
        File.WriteAllText(file, "x");

        var failure = Assert.Throws<DataFileUnavailableException>(() => new LiteDbDatabase(Path.Combine(file, "data", "dpse.db")));

        Assert.Contains($"{file} is a file, not a folder", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Dpse__Storage__LiteDb__Path", failure.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Open_InAFolderNobodyCanWrite_SaysSoInOneLine()
    {
        // /proc refuses new entries even to root, unlike a chmod-ed folder.
        Assert.SkipUnless(OperatingSystem.IsLinux() && Directory.Exists("/proc/self"), "needs Linux's /proc");

        var failure = Assert.ThrowsAny<IOException>(() => new LiteDbDatabase("/proc/dpse-tests/dpse.db"));

        Assert.IsType<DataFileUnavailableException>(failure);
        Assert.StartsWith("Cannot create the folder /proc/dpse-tests", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task Open_OlderCopyBesideANewerLog_IsRefusedAndBothFilesAreLeftUntouched()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/cp") || File.Exists("/bin/cp"), "needs cp(1) to copy the held lock file as a crash leaves it");
        var cp = File.Exists("/usr/bin/cp") ? "/usr/bin/cp" : "/bin/cp";
        var older = Path.Combine(_folder.Path, "older-copy.db");
        var crashed = Path.Combine(_folder.Path, "crashed", "dpse.db");
        Directory.CreateDirectory(Path.GetDirectoryName(crashed)!);
        using (var database = new LiteDbDatabase(_folder.DataFile))
        {
            await LiteDbContractStores.Over(database).Stories.AddAsync(Story("In the older copy", Day(1)), AuditBy(Ann, "story share"), Ct);
        }

        File.Copy(_folder.DataFile, older);
        using (var database = new LiteDbDatabase(_folder.DataFile))
        {
            var stories = LiteDbContractStores.Over(database).Stories;
            for (var i = 0; i < 40; i++)
            {
                await stories.AddAsync(Story($"Saved later {i}", Day(2)) with { Summary = new string('x', 900) }, AuditBy(Ann, "story share"), Ct);
            }
        }

        using (var database = new LiteDbDatabase(_folder.DataFile))
        {
            await LiteDbContractStores.Over(database).Stories.AddAsync(Story("Only in the log", Day(3)), AuditBy(Ann, "story share"), Ct);

            // What a killed process leaves behind: data file, log and lock file (copied with their times, as left in place).
            foreach (var suffix in new[] { "", ".lock" })
            {
                Assert.Equal(0, await RunAsync(cp, "-p", _folder.DataFile + suffix, crashed + suffix));
            }

            Assert.Equal(0, await RunAsync(cp, "-p", LogGuard.LogPathOf(_folder.DataFile), LogGuard.LogPathOf(crashed)));
        }

        var rightFile = crashed + ".right";
        Assert.Equal(0, await RunAsync(cp, "-p", crashed, rightFile));
        File.Copy(older, crashed, overwrite: true);
        var dataBefore = await File.ReadAllBytesAsync(crashed, Ct);
        var logBefore = await File.ReadAllBytesAsync(LogGuard.LogPathOf(crashed), Ct);

        var refusal = Assert.Throws<DatabaseRefusedException>(() => new LiteDbDatabase(crashed));

        Assert.Contains("was an older copy restored?", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"move {LogGuard.LogPathOf(crashed)} away", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(dataBefore, await File.ReadAllBytesAsync(crashed, Ct));
        Assert.Equal(logBefore, await File.ReadAllBytesAsync(LogGuard.LogPathOf(crashed), Ct));

        // Putting back the file the log belongs to recovers everything, the log's commit included.
        Assert.Equal(0, await RunAsync(cp, "-p", rightFile, crashed));
        using var recovered = new LiteDbDatabase(crashed);
        var titles = (await LiteDbContractStores.Over(recovered).Stories.ListAllAsync(Ct)).Select(s => s.Title).ToList();
        Assert.Equal(42, titles.Count);
        Assert.Contains("Only in the log", titles);
    }

    private static async Task<int> RunAsync(string file, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        return process.ExitCode;
    }
}
