namespace ActorFs.Client.Shell;

/// <summary>The console's exit codes (docs/CLIENT.md).</summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Ok = 0;

    /// <summary>A local failure: a local file exists (without --force) or is missing, no local space, a local I/O error.</summary>
    public const int LocalFailure = 1;

    /// <summary>The command line or a shell command was not understood.</summary>
    public const int Usage = 2;

    /// <summary>The node could not be reached, the connection broke, or its certificate was refused or not trusted.</summary>
    public const int Connection = 3;

    /// <summary>The node refused a command (not found, exists, not empty, forbidden, ...).</summary>
    public const int RemoteRefusal = 4;

    /// <summary>A transfer failed its SHA-256 check.</summary>
    public const int Integrity = 5;

    public static int Of(Exception e) => e switch
    {
        ActorFsConnectionException => Connection,
        ActorFsIntegrityException => Integrity,
        ActorFsException { IsRemoteRefusal: true } => RemoteRefusal,
        _ => LocalFailure,
    };
}
