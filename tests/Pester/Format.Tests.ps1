# How tokens look on screen: the default table and list views, expired tokens marked, the fields
# of today's API in the list view where a token has them, and the secret never shown by any view.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7'

    function Get-Row([string] $text, [string] $id) {
        @($text -split '\r?\n' | Where-Object { $_ -match $id })
    }

    # The session pins API 1.3.7; the tests of today's API name their version on each call.
    $script:Today = @{ ApiVersion = '1.30.0' }
    $script:NewLabels = 'Description', 'DefaultRole', 'OrgRoles', 'OwnerType', 'OwnerId', 'ApplicationId', 'ApplicationName', 'InstanceId', 'CreatorName'

    # The labels of a token's default list view, in order.
    function Get-ListLabel($token) {
        @($token | Format-List | Out-String -Width 200) -split '\r?\n' | Where-Object { $_ -match '^(\w+)\s+:' } | ForEach-Object { $Matches[1] }
    }

}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Table view' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:Tokens = @(Get-AccessToken)
        # Default output, as the console shows it without any Format-* command.
        $script:Table = $script:Tokens | Out-String -Width 200
    }

    It 'Shows_Name_Status_ExpirationDate_and_Id_by_default' {
        $header = ($Table -split '\r?\n' | Where-Object { $_.Trim() })[0]
        $header | Should -Match '^Name\s+Status\s+ExpirationDate\s+Id\s*$'
        $Tokens | Format-Table | Out-String -Width 200 | Should -Be $Table
    }

    It 'Marks_expired_tokens_EXPIRED' {
        $expired = Get-Row $Table '5a0000000000000000000003'
        $expired | Should -Match 'Old integration\s+Inactive\s+2020-06-30 EXPIRED\s+5a0000000000000000000003'
        @($Table -split '\r?\n' | Where-Object { $_ -match 'EXPIRED' }).Count | Should -Be 1
    }

    It 'Shows_never_for_a_token_without_expiration_date' {
        Get-Row $Table '5a0000000000000000000002' | Should -Match 'Deploy pipeline\s+Active\s+never\s+5a0000000000000000000002'
    }

    It 'Shows_future_expiration_dates_with_their_time' {
        Get-Row $Table '5a0000000000000000000001' | Should -Match '2030-01-01 00:00\s+5a0000000000000000000001'
    }
}

Describe 'List view' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:Tokens = @(Get-AccessToken)
    }

    It 'Shows_the_token_properties_in_Format_List' {
        $list = $Tokens[0] | Format-List | Out-String -Width 200
        foreach ($label in 'Name', 'Id', 'Status', 'Scope', 'UserId', 'CreationDate', 'LastUpdated', 'ExpirationDate', 'IsExpired') {
            $list | Should -Match "(?m)^$label\s+:" -Because "the list view shows $label"
        }
        $list | Should -Match '(?m)^Name\s+: Fleet telemetry reader'
    }

    It 'Shows_none_of_the_fields_of_today_s_API_for_a_token_of_API_1_3_7' {
        foreach ($token in $Tokens) {
            $labels = Get-ListLabel $token
            foreach ($label in $script:NewLabels) { $labels | Should -Not -Contain $label }
        }
    }

    It 'Shows_never_and_EXPIRED_in_the_list_view' {
        $Tokens[1] | Format-List | Out-String -Width 200 | Should -Match '(?m)^ExpirationDate\s+: never'
        $expired = $Tokens[2] | Format-List | Out-String -Width 200
        $expired | Should -Match '(?m)^ExpirationDate\s+: .*EXPIRED'
        $expired | Should -Match '(?m)^IsExpired\s+: True'
    }
}

Describe 'Table view under today''s API' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:Inventory = @(Get-AccessToken @script:Today -AllApplications)
        $script:UserTokens = @(Get-AccessToken @script:Today)
    }

    It 'Keeps_the_four_columns_for_<Case>' -ForEach @(
        @{ Case = 'user tokens'; Tokens = 'UserTokens' }
        @{ Case = 'the inventory of every application'; Tokens = 'Inventory' }
    ) {
        $table = (Get-Variable -Scope Script -Name $Tokens).Value | Out-String -Width 200
        $lines = @($table -split '\r?\n' | Where-Object { $_.Trim() })

        $lines[0] | Should -Match '^Name\s+Status\s+ExpirationDate\s+Id\s*$'
        $lines.Count | Should -Be (2 + (Get-Variable -Scope Script -Name $Tokens).Value.Count)
    }

    It 'Fits_a_row_in_80_columns' {
        $table = $script:Inventory | Out-String -Width 80
        Get-Row $table '5c0000000001000000000002' | Should -Match 'Device provisioning\s+Active\s+never\s+5c0000000001000000000002'
        Get-Row $table '5c0000000001000000000003' | Should -Match 'Legacy webhook\s+Inactive\s+2021-01-01 EXPIRED\s+5c0000000001000000000003'
    }
}

Describe 'List view under today''s API' {
    BeforeAll {
        Reset-Emulator $script:Emulator
        $script:Described, $script:WithRoles, $script:Plain = Get-AccessToken @script:Today -Id 5a0000000000000000000001, 5a0000000000000000000002, 5a0000000000000000000003
    }

    It 'Shows_Description_DefaultRole_OwnerType_and_CreatorName_of_a_user_token' {
        $list = $script:Described | Format-List | Out-String -Width 200

        $list | Should -Match '(?m)^Description\s+: Reads device state for the fleet dashboard\s*$'
        $list | Should -Match '(?m)^DefaultRole\s+: view\s*$'
        $list | Should -Match '(?m)^OwnerType\s+: user\s*$'
        $list | Should -Match '(?m)^OwnerId\s+: 59f0000000000000000000aa\s*$'
        $list | Should -Match '(?m)^CreatorName\s+: Emulator User\s*$'
    }

    It 'Shows_the_labels_in_order_and_leaves_out_the_fields_a_token_lacks' {
        Get-ListLabel $script:Described | Should -Be @('Name', 'Id', 'Description', 'Status', 'Scope', 'DefaultRole', 'OwnerType', 'OwnerId',
            'CreatorName', 'CreationDate', 'LastUpdated', 'ExpirationDate', 'IsExpired')
        Get-ListLabel $script:Plain | Should -Be @('Name', 'Id', 'Status', 'Scope', 'OwnerType', 'OwnerId', 'CreatorName', 'CreationDate', 'LastUpdated',
            'ExpirationDate', 'IsExpired')
    }

    It 'Shows_each_org_role_with_its_application_roles' {
        $list = $script:WithRoles | Format-List | Out-String -Width 200

        $list | Should -Match '(?m)^DefaultRole\s+: admin\s*$'
        $list | Should -Match '(?m)^OrgRoles\s+: sandbox: edit \(application 5b0000000000000000000001: collaborate\)\s*$'
    }

    It 'Shows_several_org_roles_one_per_line' {
        $null = Invoke-EmulatorApi $script:Emulator -Method Patch -Path '/me/tokens/5a0000000000000000000004' -Body @{ orgRoles = @(
                @{ orgId = 'sandbox'; role = 'view' }
                @{ orgId = '5900000000000000000000c1'; role = 'none'; dashboardRoles = @(@{ resourceId = '5900000000000000000000d1'; role = 'view' }) }) }
        $list = Get-AccessToken @script:Today -Id 5a0000000000000000000004 | Format-List | Out-String -Width 200

        $list | Should -Match '(?m)^OrgRoles\s+: sandbox: view\r?\n\s+5900000000000000000000c1: none \(dashboard 5900000000000000000000d1: view\)\s*$'
    }

    It 'Shows_ApplicationId_and_ApplicationName_of_a_token_of_the_inventory' {
        $token = Get-AccessToken @script:Today -AllApplications -Name 'Dashboard kiosk'
        $list = $token | Format-List | Out-String -Width 200

        $list | Should -Match '(?m)^ApplicationId\s+: 5b0000000000000000000001\s*$'
        $list | Should -Match '(?m)^ApplicationName\s+: Fleet Monitor\s*$'
        $list | Should -Match '(?m)^OwnerType\s+: application\s*$'
        $list | Should -Match '(?m)^Description\s+: Lobby screen\s*$'
        Get-ListLabel $token | Should -Not -Contain 'OwnerId' -Because 'the owner is the application, shown as ApplicationId'
    }

    It 'Shows_ApplicationId_without_ApplicationName_for_a_token_listed_by_application' {
        $labels = Get-ListLabel (Get-AccessToken @script:Today -ApplicationId 5b0000000000000000000001 -Name 'Dashboard kiosk')

        $labels | Should -Contain 'ApplicationId'
        $labels | Should -Not -Contain 'ApplicationName'
        $labels | Should -Not -Contain 'InstanceId'
    }

    It 'Shows_InstanceId_of_an_instance_token' {
        $token = Get-AccessToken @script:Today -InstanceId 5d0000000000000000000001 -Name 'Instance admin'
        $list = $token | Format-List | Out-String -Width 200

        $list | Should -Match '(?m)^InstanceId\s+: 5d0000000000000000000001\s*$'
        $list | Should -Match '(?m)^OrgRoles\s+: 5900000000000000000000c1: edit\s*$'
        Get-ListLabel $token | Should -Not -Contain 'ApplicationId'
    }
}

Describe 'The secret of <Case>' -ForEach @(
    @{ Case = 'a new token of API 1.3.7'; Arguments = @{}; Collection = '/me/tokens' }
    @{ Case = 'a new user token of API 1.30'; Arguments = @{ ApiVersion = '1.30.0' }; Collection = '/me/tokens' }
    @{ Case = 'a new application token of API 1.30'; Arguments = @{ ApiVersion = '1.30.0'; ApplicationId = '5b0000000000000000000001' }
        Collection = '/applications/5b0000000000000000000001/tokens' }
    # The API's schema allows the secret on any answer: a list that carries it.
    @{ Case = 'a listed token of API 1.30'; Arguments = @{ ApiVersion = '1.30.0' }; Collection = $null }
) {
    BeforeAll {
        Reset-Emulator $script:Emulator
        if ($Collection) {
            $script:Created = New-AccessToken -Name 'Formatting check' -Scope all.Application -Confirm:$false @Arguments
            $script:Secret = (Get-EmulatorApiToken $script:Emulator -Path $Collection | Where-Object id -EQ $script:Created.Id).token
        }
        else {
            $script:Secret = 'listed-secret-3q2-7Hk9xZ0pWm4rT1vB8nC5dF6gJ'
            $item = @{ id = '5a0000000000000000000009'; name = 'Formatting check'; status = 'active'; scope = @('all.User'); token = $script:Secret }
            Set-EmulatorFault $script:Emulator @{ method = 'GET'; path = '^/me/tokens$'; kind = 'wrongShape'
                body = (@{ items = @($item); count = 1; totalCount = 1; perPage = 100; page = 0 } | ConvertTo-Json -Depth 5 -Compress) }
            $script:Created = Get-AccessToken @Arguments
        }
    }

    It 'Is_held_by_the_result_as_a_SecureString' {
        $Secret | Should -Not -BeNullOrEmpty
        $Created.Token | Should -BeOfType [securestring]
        [System.Net.NetworkCredential]::new('', $Created.Token).Password | Should -BeExactly $Secret
    }

    It 'Never_appears_in_<Name>' -ForEach @(
        @{ Name = 'default output'; Render = { param($t) $t | Out-String -Width 300 } }
        @{ Name = 'Format-Table'; Render = { param($t) $t | Format-Table | Out-String -Width 300 } }
        @{ Name = 'Format-Table *'; Render = { param($t) $t | Format-Table * | Out-String -Width 1000 } }
        @{ Name = 'Format-List'; Render = { param($t) $t | Format-List | Out-String -Width 300 } }
        @{ Name = 'Format-List *'; Render = { param($t) $t | Format-List * | Out-String -Width 300 } }
        @{ Name = 'Format-Custom'; Render = { param($t) $t | Format-Custom | Out-String -Width 300 } }
        @{ Name = 'ToString'; Render = { param($t) "$t" } }
    ) {
        $text = & $Render $Created
        $text | Should -Not -BeNullOrEmpty
        $text | Should -Match 'Formatting check'
        $text | Should -Not -Match ([regex]::Escape($Secret))
    }
}
