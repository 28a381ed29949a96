using System.Diagnostics.CodeAnalysis;

// The request and reply records are named after the wire commands they carry; "get" is the protocol's word.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "type", Target = "~T:ActorFs.Messages.V2.Requests.Get", Justification = "Named after the wire command.")]
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "type", Target = "~T:ActorFs.Messages.V2.Replies.Get", Justification = "Named after the wire command.")]
