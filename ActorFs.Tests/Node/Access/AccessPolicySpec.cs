using ActorFs.Node.Access;
using static ActorFs.Tests.Node.Access.Accounts;

namespace ActorFs.Tests.Node.Access;

/// <summary>
/// The access rules as one table: every principal against every kind of path, each cell the exact level.
/// Alice owns her home and shares parts of it; rita, will and mona hold read, write and manage grants; bob has
/// none; root is an admin; dora is disabled; ghost signed in and was deleted since (a folder of hers is left).
/// </summary>
public sealed class AccessPolicySpec
{
    private const string Columns =
        "alice rita will mona bob root dora ghost | anon:full anon:read-only anon:none anon:auto-empty anon:auto-accounts";

    // - none, R read, W write, M manage, O owner.
    private static readonly (string Path, string Levels)[] Table =
    [
        ("/",                                    "R R R R R O - - | O R - O -"),
        ("/home",                                "R R R R R O - - | O R - O -"),
        ("/pub",                                 "R R R R R O - - | O R - O -"),
        ("/pub/docs/readme.txt",                 "R R R R R O - - | O R - O -"),
        ("/home/alice",                          "O - - - - O - - | O - - O -"),
        ("/home/alice/docs",                     "O - - - - O - - | O - - O -"),
        ("/home/alice/docs/2024/notes.txt",      "O - - - - O - - | O - - O -"),
        ("/home/alice/docs/report.txt",          "O - - - R O - - | O - - O -"),
        ("/home/bob",                            "- - - - O O - - | O - - O -"),
        ("/home/bob/diary.txt",                  "- - - - O O - - | O - - O -"),
        ("/home/dora/notes.txt",                 "- - - - - O - - | O - - O -"),
        ("/home/alice/shared",                   "O R W M - O - - | O - - O -"),
        ("/home/alice/shared/a/b.txt",           "O R W M - O - - | O - - O -"),
        ("/home/alice/shared/drafts",            "O W R M - O - - | O - - O -"),
        ("/home/alice/shared/drafts/v1.txt",     "O W R M - O - - | O - - O -"),
        ("/home/alice/www",                      "O R W R R O - - | O R - O -"),
        ("/home/alice/www/index.html",           "O R W R R O - - | O R - O -"),
        ("/home/alice/www/private",              "O - W - - O - - | O - - O -"),
        ("/home/alice/www/private/key.txt",      "O - W - - O - - | O - - O -"),
        ("/home/alice/www-old/x.txt",            "O - - - - O - - | O - - O -"),
        ("/home/ghost/old.txt",                  "- - - - - O - - | O - - O -"),
    ];

    private static readonly UserView[] Users =
    [
        User("alice"), User("bob"), User("rita"), User("will"), User("mona"), User("root", admin: true), User("dora", disabled: true),
    ];

    private static readonly Dictionary<string, AccessEntry> Entries = new(StringComparer.Ordinal)
    {
        ["/home/alice/shared"] = Grants(("rita", AccessLevel.Read), ("will", AccessLevel.Write), ("mona", AccessLevel.Manage)),
        ["/home/alice/shared/drafts"] = Grants(("rita", AccessLevel.Write), ("will", AccessLevel.Read)),
        ["/home/alice/www"] = Entry(true, ("will", AccessLevel.Write)),
        ["/home/alice/www/private"] = Entry(false),
        ["/home/alice/docs/report.txt"] = Grants(("bob", AccessLevel.Read)),
    };

    public static TheoryData<string, string, string> Cells()
    {
        var principals = Columns.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c != "|").ToArray();
        var cells = new TheoryData<string, string, string>();
        foreach (var (path, levels) in Table)
        {
            var row = levels.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c != "|").ToArray();
            Assert.Equal(principals.Length, row.Length);
            for (var i = 0; i < row.Length; i++) cells.Add(principals[i], path, row[i]);
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Each_principal_has_exactly_the_level_the_rules_give_on_each_path(string principal, string path, string expected)
    {
        var (view, who) = Resolve(principal);

        var level = AccessPolicy.LevelOf(view, who, P(path));

        Assert.Equal(Parse(expected), level);
    }

    [Fact]
    public void The_table_covers_every_principal_on_every_path() =>
        Assert.Equal(Table.Length * 13, Cells().Count);

    [Fact]
    public void A_public_flag_is_inherited_until_a_nearer_one_turns_it_off()
    {
        var view = View(Users, Entries);

        Assert.True(AccessPolicy.IsPublic(view, P("/home/alice/www")));
        Assert.True(AccessPolicy.IsPublic(view, P("/home/alice/www/css/site.css")));
        Assert.False(AccessPolicy.IsPublic(view, P("/home/alice/www/private/key.txt")));
        Assert.False(AccessPolicy.IsPublic(view, P("/home/alice/www-old")));
        Assert.False(AccessPolicy.IsPublic(view, P("/pub")));
    }

    [Fact]
    public void An_anonymous_session_under_auto_loses_full_access_when_the_first_account_is_added()
    {
        var before = View([]);
        var after = View([User("alice")]);

        Assert.Equal(AccessLevel.Owner, AccessPolicy.LevelOf(before, Principal.Anonymous, P("/pub")));
        Assert.Equal(AccessLevel.None, AccessPolicy.LevelOf(after, Principal.Anonymous, P("/pub")));
    }

    [Fact]
    public void A_folder_under_home_that_names_no_account_belongs_to_the_node()
    {
        var view = View(Users, Entries);

        Assert.Null(view.OwnerOf(P("/home/ghost/old.txt")));
        Assert.Null(view.OwnerOf(P("/home")));
        Assert.Equal("alice", view.OwnerOf(P("/home/alice")));
        Assert.Equal("dora", view.OwnerOf(P("/home/dora/notes.txt")));
    }

    private static (AccessView View, Principal Who) Resolve(string principal) => principal switch
    {
        "anon:full" => (View(Users, Entries, AnonymousAccess.Full), Principal.Anonymous),
        "anon:read-only" => (View(Users, Entries, AnonymousAccess.ReadOnly), Principal.Anonymous),
        "anon:none" => (View(Users, Entries, AnonymousAccess.None), Principal.Anonymous),
        "anon:auto-empty" => (View([], Entries, AnonymousAccess.Auto), Principal.Anonymous),
        "anon:auto-accounts" => (View(Users, Entries, AnonymousAccess.Auto), Principal.Anonymous),
        _ => (View(Users, Entries), As(principal)),
    };

    private static AccessLevel Parse(string cell) => cell switch
    {
        "-" => AccessLevel.None,
        "R" => AccessLevel.Read,
        "W" => AccessLevel.Write,
        "M" => AccessLevel.Manage,
        "O" => AccessLevel.Owner,
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "a level is one of - R W M O"),
    };
}
