using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Observatory.Testing;

namespace Observatory.Deployment.Tests;

/// <summary>
/// The images, as far as they can be tested without a container engine: the Dockerfiles' own
/// restore inputs and publish command, and the published apps started by their ENTRYPOINT as
/// the image's user on a read-only root with only /tmp writable.
/// </summary>
public sealed class ImageTests
{
    [Theory]
    [InlineData("silo", "silo/Observatory.Silo.csproj")]
    [InlineData("gateway", "gateway/Observatory.Gateway.csproj")]
    [InlineData("dashboard", "dashboard/Observatory.Dashboard.csproj")]
    public void Dockerfile_CopiesEveryProjectTheAppBuildsFromBeforeRestoring(string app, string project)
    {
        var image = Dockerfile.Of(app);
        Assert.Equal(project, image.RestoredProject);
        var copied = image.CopiedSources.Select(s => s.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            Assert.Contains(file, copied);
        }

        // Local build output must not reach the context: it would shadow the restore and publish.
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);

        foreach (var reference in ProjectClosure(project))
        {
            Assert.Contains(reference, copied);
            Assert.Contains(Path.GetDirectoryName(reference)!, copied);
        }
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    [InlineData("dashboard")]
    public async Task Image_BuildsOnTheSdkAndRunsOnTheChiseledRuntimeAsTheChartsNonRootUser(string app)
    {
        var image = Dockerfile.Of(app);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", image.BaseImages[0], StringComparison.Ordinal);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:[0-9.]+-[a-z]+-chiseled$", image.BaseImages[^1]);

        var chart = await ChartVariants.RenderAsync(ChartVariants.Default);
        var pod = chart.Workload(app);
        Assert.Equal(pod.Spec["securityContext"]!["runAsUser"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), image.User);
        Assert.All(pod.Ports, p => Assert.Contains(p.Port, image.ExposedPorts));
        Assert.Equal(["dotnet", $"Observatory.{char.ToUpperInvariant(app[0])}{app[1..]}.dll"], image.Entrypoint);

        // Secrets come from the deployment, never from the image.
        Assert.DoesNotContain(image.Environment.Keys, k => k.Contains("Password", StringComparison.OrdinalIgnoreCase) || k.Contains("Token", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PublishedApps_ProcessATaskOnAReadOnlyRootAsANonRootUser_AndStopCleanly()
    {
        using var silo = new PublishedApp("silo");
        using var gateway = new PublishedApp("gateway");
        using var dashboard = new PublishedApp("dashboard");
        await silo.PublishAsync();
        await gateway.PublishAsync();
        await dashboard.PublishAsync();

        await using var database = await PostgresTestDatabase.CreateAsync("image");
        await using var virtualHost = await RabbitMqTestVirtualHost.CreateAsync("image");
        await using var redisKeys = await RedisTestKeys.CreateAsync("image");
        var apiKey = "obs_image_" + Guid.NewGuid().ToString("N");
        var cluster = new Dictionary<string, string>
        {
            ["Observatory__Stats__KeyPrefix"] = redisKeys.Prefix,
            ["Observatory__Api__Keys__0__Name"] = "image-test",
            ["Observatory__Api__Keys__0__Sha256"] = ApiKeyHash.Of(apiKey),
            ["Observatory__Api__Keys__0__Scopes__0"] = "write",
            ["Observatory__ServiceId"] = "observatory-image-test",
            ["Observatory__ClusterId"] = "image-" + Guid.NewGuid().ToString("N")[..12],
            ["Observatory__Postgres__ConnectionString"] = database.ConnectionString + ";Maximum Pool Size=10",
            ["Observatory__RabbitMq__Uri"] = virtualHost.AmqpUri.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var gatewayPort = FreePort.Next();
        using var siloProcess = silo.Start(FreePort.Next(), new Dictionary<string, string>(cluster)
        {
            ["Observatory__Silo__AdvertisedIp"] = "127.0.0.1",
            ["Observatory__Silo__Name"] = "image-silo",
            ["Observatory__Silo__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Observatory__Silo__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        });

        // Started together, as a deployment would: the clients wait for the cluster. The dashboard
        // reads its password from a file, as from the chart's Secret volume.
        using var password = new SecretFile(Guid.NewGuid().ToString("N"));
        using var gatewayProcess = gateway.Start(FreePort.Next(), cluster);
        var dashboardStarted = Stopwatch.StartNew();
        using var dashboardProcess = dashboard.Start(FreePort.Next(), new Dictionary<string, string>(cluster)
        {
            ["Observatory__Dashboard__User__Name"] = "admin",
            ["Observatory__Dashboard__User__PasswordFile"] = SecretFile.SandboxPath,
            ["SANDBOX_SECRETS"] = password.Directory,
        });
        await Task.WhenAll(
            siloProcess.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)),
            gatewayProcess.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)),
            dashboardProcess.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)).ContinueWith(_ => dashboardStarted.Stop(), TaskScheduler.Default));
        TestContext.Current.TestOutputHelper?.WriteLine($"dashboard ready on the read-only root {dashboardStarted.ElapsedMilliseconds} ms after start (with a silo starting beside it); published dashboard {dashboard.SizeInMegabytes:F1} MB");

        foreach (var process in new[] { siloProcess, gatewayProcess, dashboardProcess })
        {
            Assert.StartsWith("1654\t1654\t1654\t1654", process.Status("Uid"), StringComparison.Ordinal);
            Assert.Equal("0000000000000000", process.Status("CapEff"));
            Assert.StartsWith("ro", process.MountOptions("/"), StringComparison.Ordinal);
            Assert.StartsWith("ro", process.MountOptions("/srv"), StringComparison.Ordinal);
        }

        using var http = new HttpClient { BaseAddress = gatewayProcess.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        using var submitted = await http.PostAsJsonAsync(new Uri("api/v1/tasks", UriKind.Relative), new { type = "noop" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);
        var location = submitted.Headers.Location!;
        var status = await Eventually.ReturnsAsync(
            async () => JsonNode.Parse(await http.GetStringAsync(location))!["status"]!.GetValue<string>(),
            s => s == "succeeded",
            TimeSpan.FromSeconds(30),
            "the task submitted through the sandboxed gateway to succeed on the sandboxed silo");
        Assert.Equal("succeeded", status);

        await SignInToTheDashboardAsync(dashboardProcess.BaseAddress, password.Text);

        var stopped = await Task.WhenAll(gatewayProcess.StopAsync(TimeSpan.FromSeconds(30)), dashboardProcess.StopAsync(TimeSpan.FromSeconds(30)), siloProcess.StopAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal([0, 0, 0], stopped);
        foreach (var process in new[] { siloProcess, gatewayProcess, dashboardProcess })
        {
            // Anything that tried to write outside /tmp would have logged one of these.
            foreach (var symptom in new[] { "Read-only file system", "UnauthorizedAccess", "Permission denied", "fail:", "crit:" })
            {
                Assert.DoesNotContain(symptom, process.Output, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Liveness, then sign-in with the password from the file (its key ring in Redis), then a signed-in read.</summary>
    private static async Task SignInToTheDashboardAsync(Uri baseAddress, string password)
    {
        using var handler = new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using (var health = await http.GetAsync(new Uri("healthz", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        }

        var session = JsonNode.Parse(await http.GetStringAsync(new Uri("auth/session", UriKind.Relative)))!;
        using var signIn = new HttpRequestMessage(HttpMethod.Post, new Uri("auth/sign-in", UriKind.Relative)) { Content = JsonContent.Create(new { name = "admin", password }) };
        signIn.Headers.Add("X-CSRF-TOKEN", session["antiforgeryToken"]!.GetValue<string>());
        using (var signedIn = await http.SendAsync(signIn))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, signedIn.StatusCode);
        }

        using var launcher = await http.GetAsync(new Uri("api/v1/dashboard", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, launcher.StatusCode);
    }

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!found.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(Path.Combine(RepositoryPaths.Root, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(RepositoryPaths.Root, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryPaths.Root, full));
            }
        }

        return found;
    }

    /// <summary>One app published into a temporary folder by its Dockerfile's own publish command.</summary>
    private sealed class PublishedApp(string app) : IDisposable
    {
        private readonly Dockerfile _image = Dockerfile.Of(app);
        private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory($"observatory-{app}-image-");

        public async Task PublishAsync()
        {
            var arguments = _image.PublishArguments.ToList();
            arguments[arguments.IndexOf("-o") + 1] = _output.FullName;
            var publish = await CommandRunner.RunAsync("dotnet", [.. arguments, "-nologo", "-clp:ErrorsOnly"]);
            Assert.True(publish.ExitCode == 0, $"dotnet {string.Join(' ', arguments)}: {publish.Describe()}");
            Assert.True(File.Exists(Path.Combine(_output.FullName, _image.Entrypoint[^1])), $"the publish output has no {_image.Entrypoint[^1]}");

            // Image layers are world-readable; the temporary folder is private to root.
            var chmod = await CommandRunner.RunAsync("chmod", ["-R", "a+rX", _output.FullName]);
            Assert.Equal(0, chmod.ExitCode);
        }

        public double SizeInMegabytes => _output.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0;

        public SandboxedApp Start(int httpPort, IDictionary<string, string> environment) =>
            SandboxedApp.Start(app, _image, _output.FullName, httpPort, environment);

        public void Dispose() => _output.Delete(recursive: true);
    }

    /// <summary>
    /// A password in a file of its own directory, which the sandbox mounts read-only at /run/secrets
    /// (<c>SANDBOX_SECRETS</c>) as a Secret volume is mounted.
    /// </summary>
    private sealed class SecretFile : IDisposable
    {
        private readonly DirectoryInfo _directory = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(AppContext.BaseDirectory, "sandbox-secrets", Guid.NewGuid().ToString("N")));

        public SecretFile(string text)
        {
            Text = text;

            // Written by hand, a Secret file often ends in a newline that is no part of the password.
            // Created world-readable (umask 022), as the Secret volume makes it readable to the pod's group.
            File.WriteAllText(System.IO.Path.Combine(_directory.FullName, "password"), text + "\n");
        }

        public string Text { get; }

        /// <summary>The directory on this machine.</summary>
        public string Directory => _directory.FullName;

        /// <summary>The file as the sandboxed app sees it.</summary>
        public static string SandboxPath => "/run/secrets/password";

        public void Dispose() => _directory.Delete(recursive: true);
    }
}
