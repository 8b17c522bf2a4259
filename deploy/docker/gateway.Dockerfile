# The Observatory gateway (REST API, an Orleans client). Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t observatory/gateway:0.1.0 .
# Multi-stage: the SDK image restores and publishes; the final image is the chiseled ASP.NET
# runtime (no shell, no package manager, non-root user "app", UID 1654) plus the published app.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the restore layer is reused until a project or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY contracts/Observatory.Contracts.csproj contracts/
COPY grain-interfaces/Observatory.GrainInterfaces.csproj grain-interfaces/
COPY rabbitmq-streams/Observatory.Streaming.RabbitMq.csproj rabbitmq-streams/
COPY database/Observatory.Database.csproj database/
COPY event-archive/Observatory.EventArchive.csproj event-archive/
COPY task-api/Observatory.TaskApi.csproj task-api/
COPY service-defaults/Observatory.ServiceDefaults.csproj service-defaults/
COPY gateway/Observatory.Gateway.csproj gateway/
RUN dotnet restore gateway/Observatory.Gateway.csproj
COPY contracts/ contracts/
COPY grain-interfaces/ grain-interfaces/
COPY rabbitmq-streams/ rabbitmq-streams/
COPY database/ database/
COPY event-archive/ event-archive/
COPY task-api/ task-api/
COPY service-defaults/ service-defaults/
COPY gateway/ gateway/
RUN dotnet publish gateway/Observatory.Gateway.csproj -c Release --no-restore -p:UseAppHost=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app ./
# HTTP API, health, readiness and metrics on 8080.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_ENVIRONMENT=Production
EXPOSE 8080
# The numeric id lets Kubernetes verify runAsNonRoot; the root filesystem can be read-only: the
# process writes only to /tmp (an emptyDir in the chart).
USER 1654
ENTRYPOINT ["dotnet", "Observatory.Gateway.dll"]
