using System.Globalization;

namespace AccessToken.Emulator;

/// <summary>The command line of the emulator process.</summary>
public sealed record EmulatorOptions(string ApiToken, int? SeedCount, int? ParentPid, bool Https = false)
{
    /// <summary>With --https: where to write the PEM of the test root that issues the certificate; null for a self-signed one.</summary>
    public string? TestRootFile { get; init; }

    /// <summary>--proxy: run as a forward proxy (<see cref="ForwardProxy"/>) instead of the API.</summary>
    public bool Proxy { get; init; }

    /// <summary>--proxy-user: the user name the proxy asks for; null for a proxy that asks for none.</summary>
    public string? ProxyUser { get; init; }

    /// <summary>--proxy-password: the password the proxy asks for with <see cref="ProxyUser"/>.</summary>
    public string? ProxyPassword { get; init; }

    public const string DefaultApiToken = "emulator-api-token";

    public const string Usage =
        "usage: dotnet AccessToken.Emulator.dll [--api-token <token>] [--seed-count <N>] [--parent-pid <pid>] [--https [--test-root-file <path>]]\n" +
        "       dotnet AccessToken.Emulator.dll --proxy [--proxy-user <name> --proxy-password <password>] [--parent-pid <pid>]";

    public static bool TryParse(string[] args, out EmulatorOptions options, out string error)
    {
        string apiToken = DefaultApiToken;
        int? seedCount = null;
        int? parentPid = null;
        bool https = false;
        bool proxy = false;
        string? testRootFile = null, proxyUser = null, proxyPassword = null;
        options = new EmulatorOptions(apiToken, seedCount, parentPid);

        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            // The switches without a value.
            if (name == "--https")
            {
                https = true;
                continue;
            }
            if (name == "--proxy")
            {
                proxy = true;
                continue;
            }
            string? value = null;
            int equals = name.IndexOf('=');
            if (name.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (name is not ("--api-token" or "--seed-count" or "--parent-pid" or "--test-root-file" or "--proxy-user" or "--proxy-password"))
            {
                error = $"unknown argument '{args[i]}'";
                return false;
            }

            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    error = $"{name} needs a value";
                    return false;
                }
                value = args[++i];
            }

            switch (name)
            {
                case "--test-root-file":
                    testRootFile = value;
                    break;
                case "--proxy-user":
                    proxyUser = value;
                    break;
                case "--proxy-password":
                    proxyPassword = value;
                    break;
                case "--api-token":
                    if (value.Length == 0)
                    {
                        error = "--api-token must not be empty";
                        return false;
                    }
                    apiToken = value;
                    break;
                case "--seed-count":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
                    {
                        error = $"--seed-count must be a non-negative integer, got '{value}'";
                        return false;
                    }
                    seedCount = count;
                    break;
                case "--parent-pid":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 0)
                    {
                        error = $"--parent-pid must be a positive integer, got '{value}'";
                        return false;
                    }
                    parentPid = pid;
                    break;
            }
        }

        options = new EmulatorOptions(apiToken, seedCount, parentPid, https)
        {
            TestRootFile = testRootFile,
            Proxy = proxy,
            ProxyUser = proxyUser,
            ProxyPassword = proxyPassword,
        };
        error = string.Empty;
        return true;
    }
}
