{{/* What only one HTTP front end gets: its own settings and the Secret files it reads. */}}

{{/* The gateway: the bearer token Alertmanager sends to POST /api/v1/alerts/webhook. */}}
{{- define "observatory.gatewayEnv" -}}
- name: Observatory__Alerts__WebhookToken
  valueFrom:
    secretKeyRef:
      {{- include "observatory.passwordSecret" (list . "alerts" "webhookToken") | nindent 6 }}
{{- end -}}

{{- define "observatory.gatewayVolumes" -}}
[]
{{- end -}}

{{/*
The dashboard: its user, whose password it reads from a Secret file and hashes at start (Helm has
no PBKDF2, and the password never appears in a variable), and the launcher's links.
*/}}
{{- define "observatory.dashboardEnv" -}}
{{- $volume := include "observatory.dashboardVolumes" . | fromYamlArray | first -}}
- name: Observatory__Dashboard__User__Name
  value: {{ .Values.dashboard.user.name | quote }}
- name: Observatory__Dashboard__User__PasswordFile
  value: {{ printf "%s/%s" $volume.mountPath $volume.path | quote }}
{{- range $index, $link := .Values.dashboard.links }}
- name: Observatory__Dashboard__Links__{{ $index }}__Name
  value: {{ $link.name | quote }}
- name: Observatory__Dashboard__Links__{{ $index }}__Url
  value: {{ $link.url | quote }}
{{- end }}
{{- end -}}

{{- define "observatory.dashboardVolumes" -}}
{{- $secret := include "observatory.passwordSecret" (list . "dashboard") | fromYaml -}}
- name: user-password
  mountPath: /run/secrets/observatory-dashboard
  secretName: {{ $secret.name }}
  key: {{ $secret.key }}
  path: password
{{- end -}}
