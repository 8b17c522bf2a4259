# The Observatory silo. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t observatory/silo:0.1.0 .
# Multi-stage: the SDK image restores and publishes; the final image is the chiseled ASP.NET
# runtime (no shell, no package manager, non-root user "app", UID 1654) plus the published app.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the restore layer is reused until a project or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY contracts/Observatory.Contracts.csproj contracts/
COPY grain-interfaces/Observatory.GrainInterfaces.csproj grain-interfaces/
COPY grains/Observatory.Grains.csproj grains/
COPY rabbitmq-streams/Observatory.Streaming.RabbitMq.csproj rabbitmq-streams/
COPY database/Observatory.Database.csproj database/
COPY event-archive/Observatory.EventArchive.csproj event-archive/
COPY service-defaults/Observatory.ServiceDefaults.csproj service-defaults/
COPY silo/Observatory.Silo.csproj silo/
RUN dotnet restore silo/Observatory.Silo.csproj
COPY contracts/ contracts/
COPY grain-interfaces/ grain-interfaces/
COPY grains/ grains/
COPY rabbitmq-streams/ rabbitmq-streams/
COPY database/ database/
COPY event-archive/ event-archive/
COPY service-defaults/ service-defaults/
COPY silo/ silo/
RUN dotnet publish silo/Observatory.Silo.csproj -c Release --no-restore -p:UseAppHost=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app ./
# HTTP (health, readiness, metrics) on 8080; Orleans silo-to-silo 11111 and client gateway 30000.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_ENVIRONMENT=Production \
    Observatory__Silo__ListenOnAnyHostAddress=true
EXPOSE 8080 11111 30000
# The numeric id lets Kubernetes verify runAsNonRoot; the root filesystem can be read-only: the
# process writes only to /tmp (an emptyDir in the chart).
USER 1654
ENTRYPOINT ["dotnet", "Observatory.Silo.dll"]
