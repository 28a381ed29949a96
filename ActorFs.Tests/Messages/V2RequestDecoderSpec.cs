using System.Text;
using ActorFs.Messages;
using static ActorFs.Messages.V2;

namespace ActorFs.Tests.Messages;

public sealed class V2RequestDecoderSpec
{
    private static readonly string Sha = string.Concat(Enumerable.Repeat("0f", 32));

    private static Request Decode(string json)
    {
        Assert.True(V2RequestDecoder.TryDecode(Encoding.UTF8.GetBytes(json), out var request, out var error), error?.Message);
        return request;
    }

    private static ErrorReply Refuse(string json)
    {
        Assert.False(V2RequestDecoder.TryDecode(Encoding.UTF8.GetBytes(json), out var request, out var error));
        Assert.Null(request);
        return error;
    }

    public static TheoryData<string, Request> EveryCommand() => new()
    {
        { """{"id": 1, "command": "hello", "protocol": 2, "client": "actorfs/1.0"}""", new Requests.Hello(1, 2, "actorfs/1.0") },
        { """{"id": 2, "command": "hello", "protocol": 2}""", new Requests.Hello(2, 2) },
        { """{"id": 3, "command": "pwd"}""", new Requests.Pwd(3) },
        { """{"id": 4, "command": "cd", "path": "/docs"}""", new Requests.Cd(4, "/docs") },
        { """{"id": 5, "command": "ls"}""", new Requests.Ls(5) },
        { """{"id": 6, "command": "ls", "path": "a", "cursor": "c1", "limit": 1000}""", new Requests.Ls(6, "a", "c1", 1000) },
        { """{"id": 7, "command": "ls", "path": null, "cursor": null, "limit": null}""", new Requests.Ls(7) },
        { """{"id": 8, "command": "mkdir", "path": "new"}""", new Requests.Mkdir(8, "new") },
        { """{"id": 9, "command": "rm", "path": "f.txt"}""", new Requests.Rm(9, "f.txt") },
        { """{"id": 10, "command": "rmdir", "path": "d"}""", new Requests.Rmdir(10, "d") },
        { """{"id": 11, "command": "mv", "from": "a", "to": "b"}""", new Requests.Mv(11, "a", "b") },
        { """{"id": 12, "command": "mv", "from": "a", "to": "b", "overwrite": true}""", new Requests.Mv(12, "a", "b", Overwrite: true) },
        { """{"id": 13, "command": "stat", "path": "f"}""", new Requests.Stat(13, "f") },
        { """{"id": 14, "command": "sha256", "path": "f"}""", new Requests.Sha256(14, "f") },
        { """{"id": 15, "command": "get", "path": "f"}""", new Requests.Get(15, "f") },
        { """{"id": 16, "command": "get", "path": "f", "offset": 1048576}""", new Requests.Get(16, "f", 1048576) },
        { """{"id": 17, "command": "put", "path": "f", "size": 0}""", new Requests.Put(17, "f", 0) },
        { $$"""{"id": 18, "command": "put", "path": "f", "size": 9007199254740993, "sha256": "{{Sha.ToUpperInvariant()}}", "overwrite": true, "resume": true}""", new Requests.Put(18, "f", 9007199254740993, Sha, true, true) },
        { """{"id": 19, "command": "help"}""", new Requests.Help(19) },
        { """{"id": 20, "command": "help", "command_": 1, "extra": {"nested": [1, 2]}}""", new Requests.Help(20) },
        { """{"id": 21, "command": "bye"}""", new Requests.Bye(21) },
        { """{"command": "pwd", "id": 9007199254740991}""", new Requests.Pwd(MaxId) },
        { """{"id": 0, "command": "cd", "path": "\u00e9t\u00e9/\ud83d\ude00"}""", new Requests.Cd(0, "\u00e9t\u00e9/\U0001F600") },
        // Accounts and access.
        { """{"id": 30, "command": "auth", "name": "ann", "password": "p w \u00e9"}""", new Requests.Auth(30, "ann", "p w \u00e9") },
        { """{"id": 31, "command": "auth", "token": "tok_abc-DEF"}""", new Requests.Auth(31, Token: "tok_abc-DEF") },
        { """{"id": 32, "command": "auth", "name": null, "password": null, "token": "t"}""", new Requests.Auth(32, Token: "t") },
        { """{"id": 33, "command": "logout"}""", new Requests.Logout(33) },
        { """{"id": 34, "command": "passwd", "old_password": "old", "new_password": "new"}""", new Requests.Passwd(34, "old", "new") },
        { """{"id": 35, "command": "whoami"}""", new Requests.Whoami(35) },
        { """{"id": 36, "command": "share", "path": "/home/ann/docs", "user": "bob", "level": "read"}""", new Requests.Share(36, "/home/ann/docs", "bob", GrantLevel.Read) },
        { """{"id": 37, "command": "share", "path": "d", "user": "bob", "level": "write"}""", new Requests.Share(37, "d", "bob", GrantLevel.Write) },
        { """{"id": 38, "command": "share", "path": "d", "user": "bob", "level": "manage"}""", new Requests.Share(38, "d", "bob", GrantLevel.Manage) },
        { """{"id": 39, "command": "unshare", "path": "d", "user": "bob"}""", new Requests.Unshare(39, "d", "bob") },
        { """{"id": 40, "command": "public", "path": "d", "on": true}""", new Requests.Public(40, "d", true) },
        { """{"id": 41, "command": "public", "path": "d", "on": false}""", new Requests.Public(41, "d", false) },
        { """{"id": 42, "command": "info"}""", new Requests.Info(42) },
        { """{"id": 43, "command": "user", "action": "list"}""", new Requests.User(43, UserAction.List) },
        { """{"id": 44, "command": "user", "action": "add", "name": "bob", "password": "pw", "quota_bytes": 1073741824, "max_files": 0, "admin": false, "disabled": true}""", new Requests.User(44, UserAction.Add, "bob", "pw", 1073741824, 0, false, true) },
        { """{"id": 45, "command": "user", "action": "del", "name": "bob"}""", new Requests.User(45, UserAction.Delete, "bob") },
        { """{"id": 46, "command": "user", "action": "passwd", "name": "bob", "password": "pw2"}""", new Requests.User(46, UserAction.SetPassword, "bob", "pw2") },
        { """{"id": 47, "command": "user", "action": "set", "name": "bob", "admin": true}""", new Requests.User(47, UserAction.Set, "bob", Admin: true) },
        // Partial writes.
        { """{"id": 50, "command": "append", "path": "log", "size": 0}""", new Requests.Append(50, "log", 0) },
        { $$"""{"id": 51, "command": "append", "path": "log", "size": 10, "sha256": "{{Sha.ToUpperInvariant()}}"}""", new Requests.Append(51, "log", 10, Sha) },
        { """{"id": 52, "command": "write", "path": "f", "offset": 0, "size": 1}""", new Requests.Write(52, "f", 0, 1) },
        { $$"""{"id": 53, "command": "write", "path": "f", "offset": 4096, "size": 9007199254740993, "sha256": "{{Sha}}"}""", new Requests.Write(53, "f", 4096, 9007199254740993, Sha) },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void Every_command_must_decode_to_its_typed_request(string json, Request expected)
    {
        Assert.Equal(expected, Decode(json));
    }

    [Fact]
    public void Help_about_one_command_must_carry_the_topic()
    {
        Assert.Equal(new Requests.Help(1, "mv"), Decode("""{"id": 1, "command": "help", "topic": "mv"}"""));
    }

    public static TheoryData<string, long?, string?, ErrorCode, string?> EveryError() => new()
    {
        // Unreadable or no usable id: the reply's id is null.
        { "not json", null, null, ErrorCode.BadRequest, null },
        { "[1, 2]", null, null, ErrorCode.BadRequest, null },
        { "\"hello\"", null, null, ErrorCode.BadRequest, null },
        { "{\"id\": 1, \"command\": \"pwd\"} {}", null, null, ErrorCode.BadRequest, null },
        { """{"command": "pwd"}""", null, null, ErrorCode.BadRequest, "id" },
        { """{"id": "1", "command": "pwd"}""", null, null, ErrorCode.BadRequest, "id" },
        { """{"id": -1, "command": "pwd"}""", null, null, ErrorCode.BadRequest, "id" },
        { """{"id": 1.5, "command": "pwd"}""", null, null, ErrorCode.BadRequest, "id" },
        { """{"id": 9007199254740992, "command": "pwd"}""", null, null, ErrorCode.BadRequest, "id" },
        { """{"id": 123456789012345678901234567890, "command": "pwd"}""", null, null, ErrorCode.BadRequest, "id" },
        { """{"id": true, "command": "pwd"}""", null, null, ErrorCode.BadRequest, "id" },
        // Command missing, mistyped, unknown, reserved.
        { """{"id": 1}""", 1, null, ErrorCode.BadRequest, "command" },
        { """{"id": 1, "command": 7}""", 1, null, ErrorCode.BadRequest, "command" },
        // Any string is a command name (PROTOCOL.md 4.2); one the node does not know, even the empty one, is unknown (4.5).
        { """{"id": 1, "command": ""}""", 1, "", ErrorCode.UnknownCommand, "command" },
        { """{"id": 1, "command": "\u0000"}""", 1, "\0", ErrorCode.UnknownCommand, "command" },
        { """{"id": 1, "command": "PWD"}""", 1, "PWD", ErrorCode.UnknownCommand, "command" },
        { """{"id": 1, "command": "frobnicate"}""", 1, "frobnicate", ErrorCode.UnknownCommand, "command" },
        { """{"id": 1, "command": "nodes"}""", 1, "nodes", ErrorCode.UnknownCommand, "command" },
        { """{"id": 1, "command": "find", "pattern": "*"}""", 1, "find", ErrorCode.UnknownCommand, "command" },
        { """{"id": 1, "command": "watch"}""", 1, "watch", ErrorCode.UnknownCommand, "command" },
        { """{"id": 1, "command": "unwatch"}""", 1, "unwatch", ErrorCode.UnknownCommand, "command" },
        // hello.
        { """{"id": 1, "command": "hello"}""", 1, "hello", ErrorCode.BadRequest, "protocol" },
        { """{"id": 1, "command": "hello", "protocol": "2"}""", 1, "hello", ErrorCode.BadRequest, "protocol" },
        { """{"id": 1, "command": "hello", "protocol": 3}""", 1, "hello", ErrorCode.UnsupportedProtocol, "protocol" },
        { """{"id": 1, "command": "hello", "protocol": 2, "client": 5}""", 1, "hello", ErrorCode.BadRequest, "client" },
        // Paths.
        { """{"id": 1, "command": "cd"}""", 1, "cd", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "cd", "path": null}""", 1, "cd", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "cd", "path": ""}""", 1, "cd", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "cd", "path": ["a"]}""", 1, "cd", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "mkdir", "path": 1}""", 1, "mkdir", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "rm"}""", 1, "rm", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "rmdir", "path": {}}""", 1, "rmdir", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "stat", "path": false}""", 1, "stat", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "sha256"}""", 1, "sha256", ErrorCode.BadRequest, "path" },
        // ls.
        { """{"id": 1, "command": "ls", "path": 3}""", 1, "ls", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "ls", "cursor": 3}""", 1, "ls", ErrorCode.BadRequest, "cursor" },
        { """{"id": 1, "command": "ls", "limit": 0}""", 1, "ls", ErrorCode.BadRequest, "limit" },
        { """{"id": 1, "command": "ls", "limit": 1001}""", 1, "ls", ErrorCode.BadRequest, "limit" },
        { """{"id": 1, "command": "ls", "limit": "10"}""", 1, "ls", ErrorCode.BadRequest, "limit" },
        // mv.
        { """{"id": 1, "command": "mv", "to": "b"}""", 1, "mv", ErrorCode.BadRequest, "from" },
        { """{"id": 1, "command": "mv", "from": "a"}""", 1, "mv", ErrorCode.BadRequest, "to" },
        { """{"id": 1, "command": "mv", "from": "a", "to": "b", "overwrite": "yes"}""", 1, "mv", ErrorCode.BadRequest, "overwrite" },
        { """{"id": 1, "command": "mv", "from": "a", "to": "b", "overwrite": 1}""", 1, "mv", ErrorCode.BadRequest, "overwrite" },
        // get.
        { """{"id": 1, "command": "get"}""", 1, "get", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "get", "path": "f", "offset": -1}""", 1, "get", ErrorCode.BadRequest, "offset" },
        { """{"id": 1, "command": "get", "path": "f", "offset": 1e3}""", 1, "get", ErrorCode.BadRequest, "offset" },
        { """{"id": 1, "command": "get", "path": "f", "offset": 99999999999999999999}""", 1, "get", ErrorCode.BadRequest, "offset" },
        // put.
        { """{"id": 1, "command": "put", "size": 1}""", 1, "put", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "put", "path": "f"}""", 1, "put", ErrorCode.BadRequest, "size" },
        { """{"id": 1, "command": "put", "path": "f", "size": -5}""", 1, "put", ErrorCode.BadRequest, "size" },
        { """{"id": 1, "command": "put", "path": "f", "size": "5"}""", 1, "put", ErrorCode.BadRequest, "size" },
        { """{"id": 1, "command": "put", "path": "f", "size": 5, "sha256": "abc"}""", 1, "put", ErrorCode.BadRequest, "sha256" },
        { """{"id": 1, "command": "put", "path": "f", "size": 5, "sha256": 5}""", 1, "put", ErrorCode.BadRequest, "sha256" },
        { """{"id": 1, "command": "put", "path": "f", "size": 5, "overwrite": null, "resume": "no"}""", 1, "put", ErrorCode.BadRequest, "resume" },
        // help.
        { """{"id": 1, "command": "help", "topic": 5}""", 1, "help", ErrorCode.BadRequest, "topic" },
        // auth: exactly one form.
        { """{"id": 1, "command": "auth"}""", 1, "auth", ErrorCode.BadRequest, "name" },
        { """{"id": 1, "command": "auth", "name": null, "password": null, "token": null}""", 1, "auth", ErrorCode.BadRequest, "name" },
        { """{"id": 1, "command": "auth", "user": "ann", "password": "p"}""", 1, "auth", ErrorCode.BadRequest, "name" },
        { """{"id": 1, "command": "auth", "name": "ann"}""", 1, "auth", ErrorCode.BadRequest, "password" },
        { """{"id": 1, "command": "auth", "password": "p"}""", 1, "auth", ErrorCode.BadRequest, "name" },
        { """{"id": 1, "command": "auth", "name": "ann", "password": ""}""", 1, "auth", ErrorCode.BadRequest, "password" },
        { """{"id": 1, "command": "auth", "name": 7, "password": "p"}""", 1, "auth", ErrorCode.BadRequest, "name" },
        { """{"id": 1, "command": "auth", "name": "ann", "password": ["p"]}""", 1, "auth", ErrorCode.BadRequest, "password" },
        { """{"id": 1, "command": "auth", "token": 7}""", 1, "auth", ErrorCode.BadRequest, "token" },
        { """{"id": 1, "command": "auth", "token": ""}""", 1, "auth", ErrorCode.BadRequest, "token" },
        { """{"id": 1, "command": "auth", "name": "ann", "password": "p", "token": "t"}""", 1, "auth", ErrorCode.BadRequest, "token" },
        { """{"id": 1, "command": "auth", "name": "ann", "token": "t"}""", 1, "auth", ErrorCode.BadRequest, "token" },
        { """{"id": 1, "command": "auth", "password": "p", "token": "t"}""", 1, "auth", ErrorCode.BadRequest, "token" },
        // passwd.
        { """{"id": 1, "command": "passwd", "new_password": "n"}""", 1, "passwd", ErrorCode.BadRequest, "old_password" },
        { """{"id": 1, "command": "passwd", "old_password": "o"}""", 1, "passwd", ErrorCode.BadRequest, "new_password" },
        { """{"id": 1, "command": "passwd", "old_password": "o", "new_password": 5}""", 1, "passwd", ErrorCode.BadRequest, "new_password" },
        // share, unshare, public.
        { """{"id": 1, "command": "share", "user": "bob", "level": "read"}""", 1, "share", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "share", "path": "d", "level": "read"}""", 1, "share", ErrorCode.BadRequest, "user" },
        { """{"id": 1, "command": "share", "path": "d", "user": "bob"}""", 1, "share", ErrorCode.BadRequest, "level" },
        { """{"id": 1, "command": "share", "path": "d", "user": "bob", "level": "owner"}""", 1, "share", ErrorCode.BadRequest, "level" },
        { """{"id": 1, "command": "share", "path": "d", "user": "bob", "level": "none"}""", 1, "share", ErrorCode.BadRequest, "level" },
        { """{"id": 1, "command": "share", "path": "d", "user": "bob", "level": "READ"}""", 1, "share", ErrorCode.BadRequest, "level" },
        { """{"id": 1, "command": "share", "path": "d", "user": "bob", "level": 1}""", 1, "share", ErrorCode.BadRequest, "level" },
        { """{"id": 1, "command": "share", "path": "d", "user": ["bob"], "level": "read"}""", 1, "share", ErrorCode.BadRequest, "user" },
        { """{"id": 1, "command": "unshare", "path": "d"}""", 1, "unshare", ErrorCode.BadRequest, "user" },
        { """{"id": 1, "command": "unshare", "user": "bob"}""", 1, "unshare", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "public", "path": "d"}""", 1, "public", ErrorCode.BadRequest, "on" },
        { """{"id": 1, "command": "public", "path": "d", "on": "yes"}""", 1, "public", ErrorCode.BadRequest, "on" },
        { """{"id": 1, "command": "public", "path": "d", "on": 1}""", 1, "public", ErrorCode.BadRequest, "on" },
        { """{"id": 1, "command": "public", "on": true}""", 1, "public", ErrorCode.BadRequest, "path" },
        // user.
        { """{"id": 1, "command": "user"}""", 1, "user", ErrorCode.BadRequest, "action" },
        { """{"id": 1, "command": "user", "action": "remove", "name": "bob"}""", 1, "user", ErrorCode.BadRequest, "action" },
        { """{"id": 1, "command": "user", "action": "LIST"}""", 1, "user", ErrorCode.BadRequest, "action" },
        { """{"id": 1, "command": "user", "action": 3}""", 1, "user", ErrorCode.BadRequest, "action" },
        { """{"id": 1, "command": "user", "action": "add", "password": "pw"}""", 1, "user", ErrorCode.BadRequest, "name" },
        { """{"id": 1, "command": "user", "action": "add", "name": "bob"}""", 1, "user", ErrorCode.BadRequest, "password" },
        { """{"id": 1, "command": "user", "action": "del"}""", 1, "user", ErrorCode.BadRequest, "name" },
        { """{"id": 1, "command": "user", "action": "passwd", "name": "bob"}""", 1, "user", ErrorCode.BadRequest, "password" },
        { """{"id": 1, "command": "user", "action": "passwd", "password": "pw"}""", 1, "user", ErrorCode.BadRequest, "name" },
        { """{"id": 1, "command": "user", "action": "set", "quota_bytes": 5}""", 1, "user", ErrorCode.BadRequest, "name" },
        { """{"id": 1, "command": "user", "action": "set", "name": "bob", "quota_bytes": -1}""", 1, "user", ErrorCode.BadRequest, "quota_bytes" },
        { """{"id": 1, "command": "user", "action": "set", "name": "bob", "quota_bytes": "1G"}""", 1, "user", ErrorCode.BadRequest, "quota_bytes" },
        { """{"id": 1, "command": "user", "action": "set", "name": "bob", "max_files": -1}""", 1, "user", ErrorCode.BadRequest, "max_files" },
        { """{"id": 1, "command": "user", "action": "set", "name": "bob", "admin": "yes"}""", 1, "user", ErrorCode.BadRequest, "admin" },
        { """{"id": 1, "command": "user", "action": "set", "name": "bob", "disabled": 0}""", 1, "user", ErrorCode.BadRequest, "disabled" },
        { """{"id": 1, "command": "user", "action": "list", "name": 5}""", 1, "user", ErrorCode.BadRequest, "name" },
        // append, write.
        { """{"id": 1, "command": "append", "size": 1}""", 1, "append", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "append", "path": "f"}""", 1, "append", ErrorCode.BadRequest, "size" },
        { """{"id": 1, "command": "append", "path": "f", "size": -1}""", 1, "append", ErrorCode.BadRequest, "size" },
        { """{"id": 1, "command": "append", "path": "f", "size": "1"}""", 1, "append", ErrorCode.BadRequest, "size" },
        { """{"id": 1, "command": "append", "path": "f", "size": 1, "sha256": "abc"}""", 1, "append", ErrorCode.BadRequest, "sha256" },
        { """{"id": 1, "command": "write", "offset": 0, "size": 1}""", 1, "write", ErrorCode.BadRequest, "path" },
        { """{"id": 1, "command": "write", "path": "f", "size": 1}""", 1, "write", ErrorCode.BadRequest, "offset" },
        { """{"id": 1, "command": "write", "path": "f", "offset": -1, "size": 1}""", 1, "write", ErrorCode.BadRequest, "offset" },
        { """{"id": 1, "command": "write", "path": "f", "offset": 1.5, "size": 1}""", 1, "write", ErrorCode.BadRequest, "offset" },
        { """{"id": 1, "command": "write", "path": "f", "offset": 0}""", 1, "write", ErrorCode.BadRequest, "size" },
        { """{"id": 1, "command": "write", "path": "f", "offset": 0, "size": -1}""", 1, "write", ErrorCode.BadRequest, "size" },
        { """{"id": 1, "command": "write", "path": "f", "offset": 0, "size": 1, "sha256": 1}""", 1, "write", ErrorCode.BadRequest, "sha256" },
    };

    [Theory]
    [MemberData(nameof(EveryError))]
    public void Every_malformed_request_must_become_a_typed_error_naming_the_field(string json, long? id, string? command, ErrorCode code, string? field)
    {
        var error = Refuse(json);

        Assert.Equal(id, error.Id);
        Assert.Equal(command, error.Command);
        Assert.Equal(code, error.Error);
        Assert.Equal(code.Status(), error.Status);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Hostile_input_must_always_give_a_typed_error_and_never_throw()
    {
        string[] hostile =
        [
            "{\"id\": 1, \"command\": \"cd\", \"path\": " + new string('[', 10_000) + new string(']', 10_000) + "}",
            "{\"id\": " + new string('9', 20_000) + ", \"command\": \"pwd\"}",
            "{\"id\": 1, \"command\": \"get\", \"path\": \"f\", \"offset\": 1e999999}",
            "{\"id\": 1, \"command\": \"get\", \"path\": \"f\", \"offset\": -0.0}",
            "{\"id\": 1, \"command\": \"get\", \"path\": \"f\", \"offset\": NaN}",
            "{\"id\": 1, \"command\": \"get\", \"path\": \"f\", \"offset\": Infinity}",
            "{\"id\": 1, \"command\": \"ls\", \"limit\": 4294967297}",
            "{\"id\": 1 /* comment */, \"command\": \"pwd\"",
            "{\"id\": 1, \"command\": \"pwd\", \"x\": new Date(1)}",
            "{\"id\": 1, \"command\": \"pwd\", \"x\": \"\\ud800\"}",
            "{'id': 1, 'command': 'pwd', 'x': undefined}",
            "{\"id\": 1, \"command\": \"pwd\",}{",
            "\0\0\0",
        ];

        foreach (var text in hostile)
        {
            var ok = V2RequestDecoder.TryDecode(Encoding.UTF8.GetBytes(text), out _, out var error);
            Assert.True(ok || error is { Status: StatusCode.BadRequest }, text[..Math.Min(60, text.Length)]);
        }

        byte[] invalidUtf8 = [.. "{\"id\": 1, \"command\": \"cd\", \"path\": \""u8, 0xED, 0xA0, 0x80, .. "\"}"u8];
        Assert.False(V2RequestDecoder.TryDecode(invalidUtf8, out _, out var utf8Error));
        Assert.Equal(ErrorCode.BadRequest, utf8Error.Error);
    }

    [Fact]
    public void A_legacy_session_must_recognise_a_v2_hello_and_leave_a_legacy_shaped_hello_to_the_legacy_contract()
    {
        Assert.True(V2RequestDecoder.IsHello("{\"id\": 1, \"command\": \"hello\", \"protocol\": 2}"u8));
        Assert.True(V2RequestDecoder.IsHello("{\"command\": \"hello\", \"protocol\": 3}"u8));
        Assert.False(V2RequestDecoder.IsHello("{\"command\": \"hello\", \"argument\": null}"u8));
        Assert.False(V2RequestDecoder.IsHello("{\"command\": \"pwd\", \"argument\": null}"u8));
        Assert.False(V2RequestDecoder.IsHello("{\"command\": \"HELLO\"}"u8));
        Assert.False(V2RequestDecoder.IsHello("[\"hello\"]"u8));
        Assert.False(V2RequestDecoder.IsHello("garbage"u8));
    }

    [Theory]
    [InlineData(FrameStatus.TooLarge, FrameError.TooLarge, ErrorCode.TooLarge)]
    [InlineData(FrameStatus.Malformed, FrameError.Garbage, ErrorCode.BadRequest)]
    [InlineData(FrameStatus.Malformed, FrameError.InvalidUtf8, ErrorCode.BadRequest)]
    [InlineData(FrameStatus.Malformed, FrameError.TooDeep, ErrorCode.BadRequest)]
    [InlineData(FrameStatus.Malformed, FrameError.Unbalanced, ErrorCode.BadRequest)]
    public void A_refused_frame_must_map_to_one_error_reply_without_an_id(FrameStatus status, FrameError error, ErrorCode expected)
    {
        var reply = V2RequestDecoder.ForRefusedFrame(status, error);

        Assert.Null(reply.Id);
        Assert.Equal(expected, reply.Error);
        Assert.Equal(expected.Status(), reply.Status);
    }

    public static TheoryData<Request> EveryRequest() =>
    [
        new Requests.Hello(1, ProtocolVersion, "actorfs/1.0 (\u00e9)"),
        new Requests.Hello(2, ProtocolVersion),
        new Requests.Pwd(3),
        new Requests.Cd(4, "../a b/\"q\"\\"),
        new Requests.Ls(5),
        new Requests.Ls(6, "/big", "opaque-cursor==", 250),
        new Requests.Mkdir(7, "d"),
        new Requests.Rm(8, "f"),
        new Requests.Rmdir(9, "d"),
        new Requests.Mv(10, "a", "b"),
        new Requests.Mv(11, "a", "b", Overwrite: true),
        new Requests.Stat(12, "f"),
        new Requests.Sha256(13, "f"),
        new Requests.Get(14, "f"),
        new Requests.Get(15, "f", long.MaxValue),
        new Requests.Put(16, "f", 0),
        new Requests.Put(17, "f", 123, Sha, Overwrite: true, Resume: true),
        new Requests.Help(18),
        new Requests.Help(19, "put"),
        new Requests.Bye(MaxId),
        new Requests.Auth(20, "ann", "correct horse \"battery\" \u00e9"),
        new Requests.Auth(21, Token: "tok_abc-DEF=="),
        new Requests.Logout(22),
        new Requests.Passwd(23, "old", "new"),
        new Requests.Whoami(24),
        new Requests.Share(25, "/home/ann/a b", "bob", GrantLevel.Read),
        new Requests.Share(26, "d", "bob", GrantLevel.Write),
        new Requests.Share(27, "d", "bob", GrantLevel.Manage),
        new Requests.Unshare(28, "d", "bob"),
        new Requests.Public(29, "d", true),
        new Requests.Public(30, "d", false),
        new Requests.Info(31),
        new Requests.User(32, UserAction.List),
        new Requests.User(33, UserAction.Add, "bob", "pw", long.MaxValue, 0, true, false),
        new Requests.User(34, UserAction.Delete, "bob"),
        new Requests.User(35, UserAction.SetPassword, "bob", "pw2"),
        new Requests.User(36, UserAction.Set, "bob", QuotaBytes: 0, Disabled: true),
        new Requests.Append(37, "log", 0),
        new Requests.Append(38, "log", long.MaxValue, Sha),
        new Requests.Write(39, "f", 0, 1),
        new Requests.Write(40, "f", long.MaxValue, 5, Sha),
    ];

    [Theory]
    [MemberData(nameof(EveryRequest))]
    public void Every_request_must_round_trip_from_the_client_encoder_to_the_node_decoder(Request request)
    {
        var bytes = V2RequestEncoder.Encode(request);

        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.DoesNotContain((byte)'\n', bytes[..^1]);
        Assert.Equal(request, Decode(Encoding.UTF8.GetString(bytes)));
    }
}
