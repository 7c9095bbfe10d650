<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>wci::Action</name>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Prepare compensation: the failed function runs again now.</source>
        <translation>准备补偿：立即重新运行失败的函数。</translation>
    </message>
    <message>
        <source>Force retry</source>
        <translation>强制重试</translation>
    </message>
    <message>
        <source>Force prepare compensation: retry even past the retry limit (not while an attempt is running).</source>
        <translation>强制准备补偿：即使超过重试上限也重试（尝试运行中时不可用）。</translation>
    </message>
    <message>
        <source>Apply retry spec…</source>
        <translation>应用重试规范…</translation>
    </message>
    <message>
        <source>Change the retry limit, backoff and attempt timeout.</source>
        <translation>更改重试上限、退避和尝试超时。</translation>
    </message>
    <message>
        <source>Change function…</source>
        <translation>更改函数…</translation>
    </message>
    <message>
        <source>Route future retries to another function.</source>
        <translation>将以后的重试路由到另一个函数。</translation>
    </message>
    <message>
        <source>Mark recoverable…</source>
        <translation>标记可恢复性…</translation>
    </message>
    <message>
        <source>Mark the failure recoverable, unrecoverable or unknown (unrecoverable ones are never retried).</source>
        <translation>将失败记录标记为可恢复、不可恢复或未知（不可恢复的记录永远不会被重试）。</translation>
    </message>
    <message>
        <source>Mark succeeded…</source>
        <translation>标记成功…</translation>
    </message>
    <message>
        <source>Apply execution success by hand for a prepared attempt that really succeeded.</source>
        <translation>对确实已成功的已准备尝试，手动应用执行成功。</translation>
    </message>
    <message>
        <source>Mark failed…</source>
        <translation>标记失败…</translation>
    </message>
    <message>
        <source>Apply execution failed by hand for a prepared attempt, with its error.</source>
        <translation>对已准备的尝试，手动应用执行失败及其错误。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the failure (it moves to Deleted; Recover brings it back).</source>
        <translation>删除失败记录（移至“已删除”；“恢复”可将其找回）。</translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Recover a deleted failure.</source>
        <translation>恢复已删除的失败记录。</translation>
    </message>
    <message>
        <source>Regenerate snapshot</source>
        <translation>重新生成快照</translation>
    </message>
    <message>
        <source>Rebuild the snapshot from the event streams.</source>
        <translation>从事件流重建快照。</translation>
    </message>
    <message>
        <source>Compensate event…</source>
        <translation>补偿事件…</translation>
    </message>
    <message>
        <source>Re-deliver one event of the failure&apos;s stream to a function (event compensation).</source>
        <translation>将失败记录事件流中的一个事件重新投递给某个函数（事件补偿）。</translation>
    </message>
    <message>
        <source>Regenerate all snapshots…</source>
        <translation>重新生成所有快照…</translation>
    </message>
    <message>
        <source>Rebuild every snapshot from its streams, in batches.</source>
        <translation>分批从各自的事件流重建所有快照。</translation>
    </message>
    <message>
        <source>Resend state events…</source>
        <translation>重发状态事件…</translation>
    </message>
    <message>
        <source>Publish every aggregate&apos;s state event again, in batches.</source>
        <translation>分批重新发布每个聚合的状态事件。</translation>
    </message>
    <message>
        <source>Show metadata</source>
        <translation>显示元数据</translation>
    </message>
    <message>
        <source>Wow&apos;s metadata: bounded contexts, aggregates, commands, events.</source>
        <translation>Wow 的元数据：限界上下文、聚合、命令、事件。</translation>
    </message>
    <message>
        <source>Generate global id</source>
        <translation>生成全局 ID</translation>
    </message>
    <message>
        <source>A new global id from the engine.</source>
        <translation>从引擎获取一个新的全局 ID。</translation>
    </message>
    <message>
        <source>BI sync script…</source>
        <translation>BI 同步脚本…</translation>
    </message>
    <message>
        <source>The ClickHouse script that syncs this aggregate to BI.</source>
        <translation>将此聚合同步到 BI 的 ClickHouse 脚本。</translation>
    </message>
</context>
<context>
    <name>wci::ActionController</name>
    <message>
        <source>On everything matching the filter</source>
        <translation>对所有匹配筛选条件的记录</translation>
    </message>
    <message>
        <source>%1…</source>
        <comment>a menu item that opens a dialog</comment>
        <translation>%1…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Who is acting?</source>
        <translation>操作人是谁？</translation>
    </message>
    <message>
        <source>Your name is recorded with every action, in the audit trail and on each command (asked once; Actions › Set operator name changes it):</source>
        <translation>每次操作都会在审计记录和每条命令中记录您的名称（只询问一次；可通过“操作 › 设置操作员名称”更改）：</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Select a failure first.</source>
        <translation>请先选择一条失败记录。</translation>
    </message>
    <message>
        <source>Works on one failure at a time.</source>
        <translation>每次只能处理一条失败记录。</translation>
    </message>
    <message>
        <source>Read-only connection.</source>
        <translation>只读连接。</translation>
    </message>
    <message>
        <source>Read-only: actions are disabled for this connection.</source>
        <translation>只读：此连接已禁用操作。</translation>
    </message>
    <message numerus="yes">
        <source>%n failures selected: actions run on each, after a check that lists what will be skipped.</source>
        <translation>
            <numerusform>已选择%n条失败记录：操作将逐条执行，执行前会检查并列出将被跳过的记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not available now — %1</source>
        <translation>当前不可用——%1</translation>
    </message>
    <message>
        <source>Also not now: %1.</source>
        <translation>当前同样不可用：%1。</translation>
    </message>
    <message numerus="yes">
        <source>the %n selected failures</source>
        <translation>
            <numerusform>所选的%n条失败记录</numerusform>
        </translation>
    </message>
    <message>
        <source>failure %1</source>
        <translation>失败记录 %1</translation>
    </message>
    <message>
        <source>%1 (retry of the failed ones)</source>
        <translation>%1（重试失败的项）</translation>
    </message>
    <message>
        <source>everything matching the filter</source>
        <translation>所有匹配筛选条件的记录</translation>
    </message>
    <message>
        <source>Nothing matches the filter.</source>
        <translation>没有匹配筛选条件的记录。</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n failures, frozen now)</source>
        <translation>
            <numerusform>%1（%n条失败记录，已于此刻固定）</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not list the failures to act on: %1</source>
        <translation>无法列出要处理的失败记录：%1</translation>
    </message>
</context>
<context>
    <name>wci::ActionRules</name>
    <message>
        <source>Deleted — recover it first.</source>
        <translation>已删除——请先恢复。</translation>
    </message>
    <message>
        <source>Not deleted — nothing to recover.</source>
        <translation>未删除——无需恢复。</translation>
    </message>
    <message>
        <source>Already succeeded — nothing to retry.</source>
        <translation>已成功——无需重试。</translation>
    </message>
    <message>
        <source>An attempt is running — it times out %1.</source>
        <translation>一次尝试正在运行——%1超时。</translation>
    </message>
    <message>
        <source>Retry limit reached: %1 / %2 — use Force retry or raise the limit.</source>
        <translation>已达重试上限：%1 / %2——请使用“强制重试”或提高上限。</translation>
    </message>
    <message>
        <source>Only a prepared attempt can be marked by hand (status is %1) — retry it first.</source>
        <translation>只有已准备的尝试才能手动标记（当前状态为 %1）——请先重试。</translation>
    </message>
    <message>
        <source>Read-only connection.</source>
        <translation>只读连接。</translation>
    </message>
</context>
<context>
    <name>wci::AggregationRunner</name>
    <message>
        <source>No connection.</source>
        <translation>未连接。</translation>
    </message>
</context>
<context>
    <name>wci::AuditModel</name>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>失败记录</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>返回信息</translation>
    </message>
    <message>
        <source>Request id</source>
        <translation>请求 ID</translation>
    </message>
</context>
<context>
    <name>wci::AuditView</name>
    <message>
        <source>Audit log — %1</source>
        <translation>审计日志 — %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Filter: execution id, action, operator, reason, result</source>
        <translation>筛选：执行 ID、操作、操作员、原因、结果</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>任意结果</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>wci::BatchOperationDialog</name>
    <message>
        <source>Regenerate all snapshots</source>
        <translation>重新生成所有快照</translation>
    </message>
    <message>
        <source>Resend state events</source>
        <translation>重发状态事件</translation>
    </message>
    <message>
        <source>&lt;b&gt;Rebuilds every snapshot&lt;/b&gt; from its event streams, in batches in aggregate-id order. Safe to repeat; Cancel stops after the running batch.</source>
        <translation>&lt;b&gt;根据事件流重建所有快照&lt;/b&gt;，按聚合 ID 顺序分批进行。可安全重复执行；取消会在当前批次完成后停止。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Publishes every aggregate&apos;s state event again&lt;/b&gt;, in batches in aggregate-id order, so projections and subscribers can catch up. Cancel stops after the running batch.</source>
        <translation>&lt;b&gt;重新发布每个聚合的状态事件&lt;/b&gt;，按聚合 ID 顺序分批进行，以便投影和订阅者追上进度。取消会在当前批次完成后停止。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelled after %1 aggregates in %2 batches (last id %3).</source>
        <translation>已取消：已处理%2批共%1个聚合（最后 ID 为%3）。</translation>
    </message>
    <message>
        <source>Stopped: %1 — %2 (after %3 aggregates).</source>
        <translation>已停止：%1——%2（已处理%3个聚合）。</translation>
    </message>
    <message>
        <source>%1 aggregates in %2 batches; last id %3</source>
        <translation>%2批共%1个聚合；最后 ID 为%3</translation>
    </message>
    <message>
        <source>Done: %1 aggregates in %2 batches.</source>
        <translation>完成：%2批共%1个聚合。</translation>
    </message>
</context>
<context>
    <name>wci::BulkDialog</name>
    <message numerus="yes">
        <source>Checking %n failure(s)…</source>
        <translation>
            <numerusform>正在检查 %n 条失败记录…</numerusform>
        </translation>
    </message>
    <message>
        <source>Execution id</source>
        <translation>执行 ID</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Reason (recorded in the audit trail and with each command)</source>
        <translation>原因（记录在审计日志中并随每条命令附带）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry the failed ones</source>
        <translation>重试失败的项</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Running: %1 of %2 done (%3 succeeded, %4 failed, %5 skipped).</source>
        <translation>运行中：已完成 %1 / %2（%3 成功，%4 失败，%5 已跳过）。</translation>
    </message>
    <message>
        <source>%L1 × %2</source>
        <comment>how many are skipped, and why</comment>
        <translation>%L1 × %2</translation>
    </message>
    <message>
        <source>The set is frozen: failures that appear later are not included.</source>
        <translation>集合已冻结：之后出现的失败记录不包括在内。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%L1 of %L2&lt;/b&gt; will run. %3</source>
        <translation>将运行 &lt;b&gt;%L1 / %L2&lt;/b&gt; 条。%3</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%L1 of %L2&lt;/b&gt; will run; %n will be skipped:&lt;ul&gt;%3&lt;/ul&gt;%4</source>
        <translation>
            <numerusform>将运行 &lt;b&gt;%L1 / %L2&lt;/b&gt; 条；%n 条将被跳过：&lt;ul&gt;%3&lt;/ul&gt;%4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run on %n failure(s)</source>
        <translation>
            <numerusform>对 %n 条失败记录运行</numerusform>
        </translation>
    </message>
    <message>
        <source>Your team asks for a reason with every bulk run (Actions › Require a reason for bulk runs).</source>
        <translation>您的团队要求每次批量操作都填写原因（操作 › 批量操作须填写原因）。</translation>
    </message>
    <message>
        <source>%1: %2 succeeded, %3 failed, %4 skipped, %5 cancelled (of %6). Each failure was sent at most once.</source>
        <translation>%1：%2 成功，%3 失败，%4 已跳过，%5 已取消（共 %6）。每条失败记录最多发送一次。</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The failures could not be checked: %1</source>
        <translation>无法检查失败记录：%1</translation>
    </message>
</context>
<context>
    <name>wci::BulkRun</name>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <source>Cancelled before it was sent.</source>
        <translation>发送前已取消。</translation>
    </message>
    <message>
        <source>Snapshot regenerated.</source>
        <translation>快照已重新生成。</translation>
    </message>
    <message>
        <source>Now at version %1.</source>
        <translation>当前版本为%1。</translation>
    </message>
</context>
<context>
    <name>wci::Category</name>
    <message>
        <source>To retry</source>
        <translation>待重试</translation>
    </message>
    <message>
        <source>Executing</source>
        <translation>执行中</translation>
    </message>
    <message>
        <source>Non-retryable</source>
        <translation>不可重试</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>已成功</translation>
    </message>
    <message>
        <source>Unrecoverable</source>
        <translation>不可恢复</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Due for retry</source>
        <translation>待到期重试</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
</context>
<context>
    <name>wci::CategoryCountsModel</name>
    <message>
        <source>%1 (%L2)</source>
        <comment>category and its count</comment>
        <translation>%1（%L2）</translation>
    </message>
    <message>
        <source>The server answered the category counts in an unexpected form.</source>
        <translation>服务器返回的分类计数格式不符合预期。</translation>
    </message>
</context>
<context>
    <name>wci::ChartsView</name>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Recompute</source>
        <translation>重新计算</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>另存为 PNG…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Could not read the failures: %1</source>
        <translation>无法读取失败记录：%1</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed again</source>
        <translation>再次失败</translation>
    </message>
    <message>
        <source>failures</source>
        <translation>失败记录</translation>
    </message>
    <message>
        <source>retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <source>retries due</source>
        <translation>到期重试</translation>
    </message>
    <message>
        <source>%1: %2 failed, %3 prepared, %4 succeeded</source>
        <translation>%1：%2 失败，%3 已准备，%4 成功</translation>
    </message>
    <message>
        <source>%1: %2 succeeded, %3 failed again</source>
        <translation>%1：%2 成功，%3 再次失败</translation>
    </message>
    <message numerus="yes">
        <source>%n retries: %L1</source>
        <translation>
            <numerusform>重试 %n 次：%L1</numerusform>
        </translation>
    </message>
    <message>
        <source>in %1–%2 h: %3 retries due</source>
        <translation>%1–%2 小时内：%3 次重试到期</translation>
    </message>
    <message>
        <source>This chart has no matching list filter.</source>
        <translation>此图表没有对应的列表筛选。</translation>
    </message>
    <message>
        <source>This server does not aggregate: reading failures… %L1</source>
        <translation>此服务器不支持聚合：正在读取失败记录… %L1</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>clock hours from this one (the first also holds the ones already due)</source>
        <translation>从当前整点起的小时（第一个小时也包含已到期的）</translation>
    </message>
    <message>
        <source>computed by reading %L1 failures</source>
        <translation>通过读取 %L1 条失败记录计算</translation>
    </message>
    <message>
        <source>aggregated by the engine</source>
        <translation>由引擎聚合</translation>
    </message>
    <message>
        <source>%L1 failures of %2 (%3) — hover for values, click a bar to filter the list, right-click to save.</source>
        <translation>%2中的 %L1 条失败记录（%3）— 悬停查看数值，单击柱条可筛选列表，右键单击可保存。</translation>
    </message>
</context>
<context>
    <name>wci::CommandDialog</name>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; on %2.</source>
        <translation>对%2执行&lt;b&gt;%1&lt;/b&gt;。</translation>
    </message>
    <message>
        <source> Each failure is checked first; those the rules do not allow are skipped and listed.</source>
        <translation>会先逐一检查每条失败记录；规则不允许的将被跳过并列出。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; on failure &lt;tt&gt;%2&lt;/tt&gt; (%3.%4, %5, version %6).</source>
        <translation>对失败记录 &lt;tt&gt;%2&lt;/tt&gt; 执行&lt;b&gt;%1&lt;/b&gt;（%3.%4，%5，版本 %6）。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Max retries</source>
        <translation>最大重试次数</translation>
    </message>
    <message>
        <source>Min backoff</source>
        <translation>最小退避</translation>
    </message>
    <message>
        <source>Attempt timeout</source>
        <translation>尝试超时</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Due at</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>From now</source>
        <translation>距现在</translation>
    </message>
    <message>
        <source>Next retries of %1</source>
        <translation>%1 的下次重试</translation>
    </message>
    <message>
        <source>Next retries</source>
        <translation>下次重试</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Processor</source>
        <translation>处理器</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Mark as</source>
        <translation>标记为</translation>
    </message>
    <message>
        <source>Executed at</source>
        <translation>执行时间</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>错误信息</translation>
    </message>
    <message>
        <source>Stack trace</source>
        <translation>堆栈跟踪</translation>
    </message>
    <message>
        <source>Recoverable</source>
        <translation>可恢复性</translation>
    </message>
    <message>
        <source>optional: why (kept in the audit log and the event stream&apos;s header)</source>
        <translation>可选：原因（记录在审计日志和事件流的头信息中）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Check and run…</source>
        <translation>检查并运行…</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>No failure selected.</source>
        <translation>未选择失败记录。</translation>
    </message>
    <message>
        <source>Context, processor and function are all needed.</source>
        <translation>上下文、处理器和函数均为必填。</translation>
    </message>
    <message>
        <source>Enter the error code.</source>
        <translation>请输入错误码。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>Done: %1 reached %2, now at version %3.
Request id %4, command id %5.</source>
        <translation>完成：%1 已到达 %2，当前版本 %3。
请求 ID %4，命令 ID %5。</translation>
    </message>
    <message>
        <source>Done: %1 reached %2.
Request id %3, command id %4.</source>
        <translation>完成：%1 已到达 %2。
请求 ID %3，命令 ID %4。</translation>
    </message>
    <message>
        <source>The engine refused it: %1 — %2
Request id %3, command id %4.</source>
        <translation>引擎拒绝了该操作：%1 — %2
请求 ID %3，命令 ID %4。</translation>
    </message>
</context>
<context>
    <name>wci::CompensateDialog</name>
    <message>
        <source>Compensate event</source>
        <translation>补偿事件</translation>
    </message>
    <message>
        <source>&lt;b&gt;Re-deliver&lt;/b&gt; one event stream version of failure &lt;tt&gt;%1&lt;/tt&gt; to a function. The engine answers with how many deliveries it made.</source>
        <translation>将失败记录 &lt;tt&gt;%1&lt;/tt&gt; 的一个事件流版本&lt;b&gt;重新投递&lt;/b&gt;给某个函数。引擎会返回其投递的次数。</translation>
    </message>
    <message>
        <source>optional: why (kept in the audit log)</source>
        <translation>可选：原因（记录在审计日志中）</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Target kind</source>
        <translation>目标类型</translation>
    </message>
    <message>
        <source>Target context</source>
        <translation>目标上下文</translation>
    </message>
    <message>
        <source>Target processor</source>
        <translation>目标处理器</translation>
    </message>
    <message>
        <source>Target function</source>
        <translation>目标函数</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Compensate</source>
        <translation>补偿</translation>
    </message>
    <message>
        <source>(loading…)</source>
        <translation>（正在加载…）</translation>
    </message>
    <message>
        <source>Context, processor and function of the target are all needed.</source>
        <translation>目标的上下文、处理器和函数均为必填。</translation>
    </message>
    <message>
        <source>Deleted — recover it first.</source>
        <translation>已删除——请先恢复。</translation>
    </message>
    <message>
        <source>Compensating…</source>
        <translation>正在补偿…</translation>
    </message>
    <message numerus="yes">
        <source>Version %1 delivered to %n function(s).</source>
        <translation>
            <numerusform>版本%1已投递给%n个函数。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::ConnectionDialog</name>
    <message>
        <source>Connect to a Wow compensation server</source>
        <translation>连接到 Wow 补偿服务器</translation>
    </message>
    <message>
        <source>e.g. production</source>
        <translation>例如 production</translation>
    </message>
    <message>
        <source>optional, e.g. /compensation</source>
        <translation>可选，例如 /compensation</translation>
    </message>
    <message>
        <source>No authentication</source>
        <translation>无身份验证</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer 令牌</translation>
    </message>
    <message>
        <source>Custom header</source>
        <translation>自定义请求头</translation>
    </message>
    <message>
        <source>Read-only (look, never act)</source>
        <translation>只读（只看，不操作）</translation>
    </message>
    <message>
        <source>Save as a profile</source>
        <translation>保存为连接配置</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>服务器 URL</translation>
    </message>
    <message>
        <source>Path prefix</source>
        <translation>路径前缀</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>身份验证</translation>
    </message>
    <message>
        <source>Header name</source>
        <translation>请求头名称</translation>
    </message>
    <message>
        <source>Token / value</source>
        <translation>令牌 / 值</translation>
    </message>
    <message>
        <source>Enter the server&apos;s URL.</source>
        <translation>请输入服务器的 URL。</translation>
    </message>
    <message>
        <source>The URL must be http:// or https:// with a host.</source>
        <translation>URL 必须以 http:// 或 https:// 开头并包含主机。</translation>
    </message>
    <message>
        <source>Name the profile, or untick &quot;Save as a profile&quot;.</source>
        <translation>请为连接配置命名，或取消勾选“保存为连接配置”。</translation>
    </message>
    <message>
        <source>Enter the header&apos;s name.</source>
        <translation>请输入请求头的名称。</translation>
    </message>
    <message>
        <source>Enter the token.</source>
        <translation>请输入令牌。</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Ask the server which Wow it runs and what it offers</source>
        <translation>询问服务器运行的 Wow 版本及其提供的功能</translation>
    </message>
    <message>
        <source>Wow %1</source>
        <comment>a Wow version</comment>
        <translation>Wow %1</translation>
    </message>
    <message>
        <source>compatibility mode</source>
        <comment>the server speaks Wow 8.10&apos;s query dialect</comment>
        <translation>兼容模式</translation>
    </message>
    <message>
        <source>aggregation</source>
        <comment>the server aggregates</comment>
        <translation>聚合</translation>
    </message>
    <message>
        <source>cursor</source>
        <comment>the server pages with cursors</comment>
        <translation>游标分页</translation>
    </message>
    <message>
        <source>server clock</source>
        <comment>categories use the server&apos;s clock</comment>
        <translation>服务器时钟</translation>
    </message>
    <message>
        <source>server clock %1 s ahead (corrected)</source>
        <translation>服务器时钟快 %1 秒（已校正）</translation>
    </message>
    <message>
        <source>server clock %1 s behind (corrected)</source>
        <translation>服务器时钟慢 %1 秒（已校正）</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>正在询问服务器…</translation>
    </message>
    <message numerus="yes">
        <source>Reached: %1 — %Ln failures.</source>
        <translation>
            <numerusform>已连通：%1 — %Ln 条失败记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>a Wow compensation server</source>
        <translation>一台 Wow 补偿服务器</translation>
    </message>
    <message>
        <source>Not reached: %1</source>
        <translation>无法连通：%1</translation>
    </message>
</context>
<context>
    <name>wci::ConnectionSwitcher</name>
    <message>
        <source>Switch between built-in databases and remote servers</source>
        <translation>在内置数据库和远程服务器之间切换</translation>
    </message>
    <message>
        <source>Built-in: %1</source>
        <translation>内置：%1</translation>
    </message>
    <message>
        <source>Remote: %1</source>
        <translation>远程：%1</translation>
    </message>
    <message>
        <source>Open database…</source>
        <translation>打开数据库…</translation>
    </message>
    <message>
        <source>Connect to server…</source>
        <translation>连接到服务器…</translation>
    </message>
    <message>
        <source>Inspector databases (*.db *.sqlite);;All files (*)</source>
        <translation>Inspector 数据库 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <source>Open database read-only</source>
        <translation>以只读方式打开数据库</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>%1 already exists; use Open database to open it.</source>
        <translation>%1 已存在；请使用“打开数据库”打开它。</translation>
    </message>
    <message>
        <source>Could not save the profile: %1</source>
        <translation>无法保存连接配置：%1</translation>
    </message>
</context>
<context>
    <name>wci::DetailsPane</name>
    <message>
        <source>No failure selected</source>
        <translation>未选择失败记录</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Time travel</source>
        <translation>时间回溯</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Recoverable</source>
        <translation>可恢复性</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Failed event</source>
        <translation>失败的事件</translation>
    </message>
    <message>
        <source>Source aggregate</source>
        <translation>源聚合</translation>
    </message>
    <message>
        <source>Retry spec</source>
        <translation>重试规范</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>上次尝试</translation>
    </message>
    <message>
        <source>Attempt timeout</source>
        <translation>尝试超时</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>下次重试</translation>
    </message>
    <message>
        <source>Last executed</source>
        <translation>上次执行</translation>
    </message>
    <message>
        <source>First failed</source>
        <translation>首次失败</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Binding errors</source>
        <translation>绑定错误</translation>
    </message>
    <message>
        <source>The application&apos;s own frames are highlighted, framework frames dimmed.</source>
        <translation>应用自身的栈帧会高亮显示，框架栈帧则淡化显示。</translation>
    </message>
    <message>
        <source>Every version from the engine&apos;s tracing: what happened, how long after the previous step, who sent it, and the state fields it changed.</source>
        <translation>引擎追踪中的每个版本：发生了什么、距上一步多久、由谁发送，以及它更改了哪些状态字段。</translation>
    </message>
    <message>
        <source>Select an event stream to see its JSON.</source>
        <translation>选择一个事件流以查看其 JSON。</translation>
    </message>
    <message>
        <source>version </source>
        <translation>版本 </translation>
    </message>
    <message>
        <source>State at time</source>
        <translation>查看该时间的状态</translation>
    </message>
    <message>
        <source>Only changes</source>
        <translation>仅显示更改</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Event id</source>
        <translation>事件 ID</translation>
    </message>
    <message>
        <source>Operators (first / last)</source>
        <translation>操作员（首个 / 最后）</translation>
    </message>
    <message>
        <source>First event / last event / snapshot</source>
        <translation>首个事件 / 最后事件 / 快照</translation>
    </message>
    <message>
        <source>Tenant / owner / space</source>
        <translation>租户 / 所有者 / 空间</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载%1…</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>正在加载</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>无法加载%1：%2</translation>
    </message>
    <message>
        <source> — the attempt timed out; it is retried like a failure</source>
        <translation> — 该次尝试已超时，将像失败一样被重试</translation>
    </message>
    <message>
        <source> — an attempt is running (it times out at %1)</source>
        <translation> — 一次尝试正在运行（将于%1超时）</translation>
    </message>
    <message>
        <source> (deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>%1, version %2</source>
        <translation>%1，版本 %2</translation>
    </message>
    <message>
        <source>at most %1 retries, backoff from %2 s, attempt timeout %3 s</source>
        <translation>最多重试 %1 次，退避从 %2 秒起，尝试超时 %3 秒</translation>
    </message>
    <message>
        <source>%1 (rebuilt from the event stream: Wow serves no snapshot of a deleted failure)</source>
        <translation>%1（从事件流重建：Wow 不提供已删除失败记录的快照）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Loading version %1…</source>
        <translation>正在加载版本 %1…</translation>
    </message>
    <message>
        <source>Could not load the previous version: %1</source>
        <translation>无法加载上一个版本：%1</translation>
    </message>
    <message>
        <source>Could not load version %1: %2</source>
        <translation>无法加载版本 %1：%2</translation>
    </message>
    <message>
        <source>The failure did not exist yet at %1.</source>
        <translation>该失败记录在%1时尚不存在。</translation>
    </message>
    <message>
        <source>Could not load the state at that time: %1</source>
        <translation>无法加载该时间的状态：%1</translation>
    </message>
    <message numerus="yes">
        <source>Version %1 of %2%3%4 — %n field(s) changed</source>
        <translation>
            <numerusform>版本 %1 / %2%3%4 — %n 个字段已更改</numerusform>
        </translation>
    </message>
    <message>
        <source>Failure details</source>
        <translation>失败详情</translation>
    </message>
    <message>
        <source>Stack trace</source>
        <translation>堆栈跟踪</translation>
    </message>
    <message>
        <source>%1 is loaded when the server answers again.</source>
        <translation>服务器恢复响应后将加载 %1。</translation>
    </message>
</context>
<context>
    <name>wci::EventStreamModel</name>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Command id</source>
        <translation>命令 ID</translation>
    </message>
    <message>
        <source>Request id</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>消息头</translation>
    </message>
</context>
<context>
    <name>wci::ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Event streams (as stored, byte for byte)</source>
        <translation>事件流（按存储原样，逐字节）</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>States</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The failure list (CSV)</source>
        <translation>失败记录列表（CSV）</translation>
    </message>
    <message>
        <source>Evidence bundles (state, snapshot, streams, timeline, audit)</source>
        <translation>证据包（状态、快照、事件流、时间线、审计）</translation>
    </message>
    <message numerus="yes">
        <source>The %n selected failure(s)</source>
        <translation>
            <numerusform>所选的 %n 条失败记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything matching the current category and filter (%L1)</source>
        <translation>与当前分类和筛选匹配的全部记录（%L1）</translation>
    </message>
    <message>
        <source>The selected failure&apos;s evidence bundle</source>
        <translation>所选失败记录的证据包</translation>
    </message>
    <message>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Which</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>To</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>CSV is for the failure list; the other exports are JSON or NDJSON.</source>
        <translation>CSV 用于失败记录列表；其他导出为 JSON 或 NDJSON。</translation>
    </message>
    <message>
        <source>Choose the output file.</source>
        <translation>请选择输出文件。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入%1：%2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%L1 documents, %2 MB</source>
        <translation>%L1 个文档，%2 MB</translation>
    </message>
    <message>
        <source>Not exported (nothing was written): %1</source>
        <translation>未导出（未写入任何内容）：%1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln document(s) (%1 MB) to %2.</source>
        <translation>
            <numerusform>已导出 %Ln 个文档（%1 MB）到 %2。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::FailureGroupsModel</name>
    <message>
        <source>Error code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <source>Exception and top application frame</source>
        <translation>异常及最顶层应用栈帧</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Processor</source>
        <translation>处理器</translation>
    </message>
    <message>
        <source>Source aggregate type</source>
        <translation>源聚合类型</translation>
    </message>
    <message>
        <source>(no stack trace)</source>
        <translation>（无堆栈跟踪）</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败记录</translation>
    </message>
    <message>
        <source>First failed</source>
        <translation>首次失败</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>最后事件</translation>
    </message>
    <message>
        <source>Statuses</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>wci::FailureListModel</name>
    <message>
        <source>due</source>
        <translation>已到期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Execution id</source>
        <translation>执行 ID</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Processor</source>
        <translation>处理器</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>错误信息</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <source>Recoverable</source>
        <translation>可恢复性</translation>
    </message>
    <message>
        <source>First failed</source>
        <translation>首次失败</translation>
    </message>
    <message>
        <source>Last executed</source>
        <translation>最后执行</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>下次重试</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>%1 (UTC)</source>
        <translation>%1（UTC）</translation>
    </message>
    <message>
        <source>%1 (local time)</source>
        <translation>%1（本地时间）</translation>
    </message>
    <message>
        <source>Time until the next retry is due</source>
        <translation>距下次重试到期的时间</translation>
    </message>
</context>
<context>
    <name>wci::FailureListPage</name>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Clear group</source>
        <translation>清除分组</translation>
    </message>
    <message>
        <source>Group — %1</source>
        <translation>分组 — %1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败记录</translation>
    </message>
    <message>
        <source>The failures of the chosen category, search and filters; actions act on the selected ones.</source>
        <translation>所选分类、搜索和筛选条件下的失败记录；操作作用于选中的记录。</translation>
    </message>
</context>
<context>
    <name>wci::FailureText</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1秒</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1分%2秒</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <source>%1d</source>
        <translation>%1天</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>%1后</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1前</translation>
    </message>
    <message>
        <source>%1 · TIMED OUT</source>
        <translation>%1 · 已超时</translation>
    </message>
    <message>
        <source>DELETED</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Deleted: it only shows under Deleted, and nothing runs it until it is recovered.</source>
        <translation>已删除：仅在“已删除”下显示，恢复之前不会被执行。</translation>
    </message>
    <message>
        <source>Succeeded: nothing left to do.</source>
        <translation>已成功：无需进一步操作。</translation>
    </message>
    <message>
        <source>Marked unrecoverable: the scheduler leaves it alone. Mark it recoverable to let it retry.</source>
        <translation>已标记为不可恢复：调度器不会处理它。将其标记为可恢复即可重新重试。</translation>
    </message>
    <message>
        <source>Executing: attempt %1 started %2, times out %3.</source>
        <translation>执行中：第 %1 次尝试开始于%2，将于%3超时。</translation>
    </message>
    <message>
        <source>Retry limit reached: %1 / %2 — use Force retry or raise the limit.</source>
        <translation>已达重试上限：%1 / %2 — 请使用强制重试或提高上限。</translation>
    </message>
    <message>
        <source>Due: the scheduler retries it on its next round (it was due %1).</source>
        <translation>已到期：调度器将在下一轮重试它（到期于%1）。</translation>
    </message>
    <message>
        <source>Next retry %1 (retry %2 of %3).</source>
        <translation>将于%1进行下次重试（第 %2 次重试，共 %3 次）。</translation>
    </message>
    <message>
        <source>Attempt %1 timed out %2. %3</source>
        <translation>第 %1 次尝试已于%2超时。%3</translation>
    </message>
    <message>
        <source>Created (failed)</source>
        <translation>已创建（失败）</translation>
    </message>
    <message>
        <source>Prepared</source>
        <translation>已准备</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>已成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>Retry spec changed</source>
        <translation>重试规范已更改</translation>
    </message>
    <message>
        <source>Recoverable marked</source>
        <translation>已标记可恢复性</translation>
    </message>
    <message>
        <source>Function changed</source>
        <translation>函数已更改</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>Could not reach the server: %1 Nothing was sent, so nothing changed.</source>
        <translation>无法连接服务器：%1 未发送任何内容，因此没有任何更改。</translation>
    </message>
    <message>
        <source>The server did not answer: %1 It may or may not have acted; refresh to see before trying again.</source>
        <translation>服务器未响应：%1 操作可能已执行，也可能未执行；请先刷新查看，再重试。</translation>
    </message>
    <message>
        <source>The engine refused it: %1 — %2</source>
        <translation>引擎拒绝了该操作：%1 — %2</translation>
    </message>
</context>
<context>
    <name>wci::FilterBar</name>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Any recoverable</source>
        <translation>任意可恢复性</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Processor</source>
        <translation>处理器</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <source>First failed from</source>
        <translation>首次失败自</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>First failed %1 – %2</source>
        <translation>首次失败于 %1 – %2</translation>
    </message>
    <message>
        <source>First failed from %1</source>
        <translation>首次失败自 %1</translation>
    </message>
    <message>
        <source>First failed until %1</source>
        <translation>首次失败截至 %1</translation>
    </message>
    <message>
        <source>First failed: any time</source>
        <translation>首次失败：任意时间</translation>
    </message>
    <message>
        <source>Only failures that first failed in this range</source>
        <translation>仅显示首次失败时间在此范围内的失败记录</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>状态筛选</translation>
    </message>
    <message>
        <source>Recoverable filter</source>
        <translation>可恢复性筛选</translation>
    </message>
    <message>
        <source>First failed to</source>
        <translation>首次失败截至</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
</context>
<context>
    <name>wci::GroupsView</name>
    <message>
        <source>Failure groups</source>
        <translation>失败分组</translation>
    </message>
    <message>
        <source>Recompute</source>
        <translation>重新计算</translation>
    </message>
    <message>
        <source>Show in list</source>
        <translation>在列表中显示</translation>
    </message>
    <message>
        <source>Act on group</source>
        <translation>对分组操作</translation>
    </message>
    <message>
        <source>%1…</source>
        <comment>a menu item that opens a dialog</comment>
        <translation>%1…</translation>
    </message>
    <message>
        <source>group &quot;%1&quot;</source>
        <translation>分组“%1”</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n failures)</source>
        <translation>
            <numerusform>%1（%n 条失败记录）</numerusform>
        </translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>分组依据</translation>
    </message>
    <message>
        <source>Reading failures… %L1</source>
        <translation>正在读取失败记录… %L1</translation>
    </message>
    <message>
        <source>Wow&apos;s query API cannot narrow deleted failures, so a group of them cannot be shown as a filter; act on it instead.</source>
        <translation>Wow 的查询 API 无法筛选已删除的失败记录，因此这类分组无法显示为筛选条件；请改为对其执行操作。</translation>
    </message>
    <message>
        <source>Could not read the failures: %1</source>
        <translation>无法读取失败记录：%1</translation>
    </message>
    <message>
        <source>Read-only connection.</source>
        <translation>只读连接。</translation>
    </message>
    <message>
        <source>Scope: %1 with the current search and filters.</source>
        <translation>范围：%1（含当前搜索和筛选）。</translation>
    </message>
    <message>
        <source>Scope: %1.</source>
        <translation>范围：%1。</translation>
    </message>
    <message>
        <source>Reading failures…</source>
        <translation>正在读取失败记录…</translation>
    </message>
    <message>
        <source>aggregated by the engine</source>
        <translation>由引擎聚合</translation>
    </message>
    <message>
        <source>computed by reading %L1 failures</source>
        <translation>通过读取 %L1 条失败记录计算</translation>
    </message>
    <message>
        <source>%L1 failures in %L2 groups (%3)</source>
        <translation>%L1 条失败记录，共 %L2 个分组（%3）</translation>
    </message>
</context>
<context>
    <name>wci::ImportDialog</name>
    <message>
        <source>Import event streams</source>
        <translation>导入事件流</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n file(s)…</source>
        <translation>
            <numerusform>正在导入 %n 个文件…</numerusform>
        </translation>
    </message>
    <message>
        <source>Problems (bad documents, versions that skip) are listed here with their line.</source>
        <translation>问题（无效文档、跳号的版本）会连同其所在行列在此处。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%L1 documents read…</source>
        <translation>已读取 %L1 个文档…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1%L2 documents read: %L3 streams imported into %L4 aggregates, %L5 duplicates skipped, %L6 problem(s).</source>
        <translation>%1已读取 %L2 个文档：%L3 个事件流导入到 %L4 个聚合，跳过 %L5 个重复项，%L6 个问题。</translation>
    </message>
    <message>
        <source>Cancelled. </source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>wci::InfoDialog</name>
    <message>
        <source>Metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>Global id</source>
        <translation>全局 ID</translation>
    </message>
    <message>
        <source>BI sync script</source>
        <translation>BI 同步脚本</translation>
    </message>
    <message>
        <source>server default</source>
        <translation>服务器默认</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Generate another</source>
        <translation>再生成一个</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入%1：%2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>15 base-62 characters, time-ordered.</source>
        <translation>15 个 base-62 字符，按时间排序。</translation>
    </message>
    <message>
        <source>Destructive: it drops and recreates objects.</source>
        <translation>破坏性操作：会删除并重新创建对象。</translation>
    </message>
</context>
<context>
    <name>wci::MainWindow</name>
    <message>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>Open failure by &amp;id…</source>
        <translation>按 ID 打开失败记录(&amp;I)…</translation>
    </message>
    <message>
        <source>Open failure by id</source>
        <translation>按 ID 打开失败记录</translation>
    </message>
    <message>
        <source>Execution id, failed event id or source aggregate id:</source>
        <translation>执行 ID、失败事件 ID 或源聚合 ID：</translation>
    </message>
    <message>
        <source>Open database &amp;read-only…</source>
        <translation>以只读方式打开数据库(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;New database…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Connect to server…</source>
        <translation>连接到服务器(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Copy execution ids</source>
        <translation>复制执行 ID(&amp;C)</translation>
    </message>
    <message>
        <source>Copy rows as C&amp;SV</source>
        <translation>将行复制为 CSV(&amp;S)</translation>
    </message>
    <message>
        <source>Copy &amp;link to failure</source>
        <translation>复制失败记录链接(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>C&amp;lear search</source>
        <translation>清除搜索(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Times in &amp;UTC</source>
        <translation>以 UTC 显示时间(&amp;U)</translation>
    </message>
    <message>
        <source>Show &amp;details</source>
        <translation>显示详情(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Save current view…</source>
        <translation>保存当前视图(&amp;S)…</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <source>Name of the view:</source>
        <translation>视图名称：</translation>
    </message>
    <message>
        <source>&amp;Delete saved view</source>
        <translation>删除保存的视图(&amp;D)</translation>
    </message>
    <message>
        <source>Deleted view &quot;%1&quot;</source>
        <translation>已删除视图“%1”</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Read-only mode</source>
        <translation>只读模式(&amp;R)</translation>
    </message>
    <message>
        <source>Disable every action, whatever the connection allows</source>
        <translation>禁用所有操作，无论连接是否允许</translation>
    </message>
    <message>
        <source>Set &amp;operator name…</source>
        <translation>设置操作员名称(&amp;O)…</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>操作员名称</translation>
    </message>
    <message>
        <source>Name recorded with every action (empty: the OS user):</source>
        <translation>每次操作都会记录的名称（留空：使用操作系统用户名）：</translation>
    </message>
    <message>
        <source>Require a &amp;reason for bulk runs</source>
        <translation>批量操作须填写原因(&amp;R)</translation>
    </message>
    <message>
        <source>A team setting: every bulk run asks for a reason before it runs</source>
        <translation>团队设置：每次批量操作运行前都要求填写原因</translation>
    </message>
    <message>
        <source>Failure &amp;groups…</source>
        <translation>失败分组(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>C&amp;harts…</source>
        <translation>图表(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Import event streams…</source>
        <translation>导入事件流(&amp;I)…</translation>
    </message>
    <message>
        <source>Import event streams</source>
        <translation>导入事件流</translation>
    </message>
    <message>
        <source>Event streams (*.ndjson *.json *.jsonl);;All files (*)</source>
        <translation>事件流 (*.ndjson *.json *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <source>Full text</source>
        <translation>全文</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Every %1 s</source>
        <translation>每%1秒</translation>
    </message>
    <message>
        <source>Every minute</source>
        <translation>每分钟</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Auto-refresh</source>
        <translation>自动刷新(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>分类(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>操作(&amp;A)</translation>
    </message>
    <message>
        <source>Sa&amp;ved views</source>
        <translation>保存的视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>About Wow Compensation Inspector</source>
        <translation>关于 Wow Compensation Inspector</translation>
    </message>
    <message>
        <source>&lt;b&gt;Wow Compensation Inspector&lt;/b&gt; %1&lt;br&gt;Browse, understand and act on the failed executions recorded by Wow&apos;s compensation service.</source>
        <translation>&lt;b&gt;Wow Compensation Inspector&lt;/b&gt; %1&lt;br&gt;浏览、理解并处理 Wow 补偿服务记录的失败执行。</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Auto-refresh</source>
        <translation>自动刷新</translation>
    </message>
    <message>
        <source>Auto-refresh off</source>
        <translation>自动刷新已关闭</translation>
    </message>
    <message>
        <source>Search execution id, event id, aggregate id, processor, function or error code (Ctrl+F)</source>
        <translation>搜索执行 ID、事件 ID、聚合 ID、处理器、函数或错误码（Ctrl+F）</translation>
    </message>
    <message>
        <source>Saved views: a category with its search and filters</source>
        <translation>保存的视图：分类及其搜索和筛选条件</translation>
    </message>
    <message>
        <source>No failure has the id %1 — not as execution id, failed event id or source aggregate id, in any category.</source>
        <translation>没有 ID 为 %1 的失败记录——在任何分类中都找不到以其为执行 ID、失败事件 ID 或源聚合 ID 的记录。</translation>
    </message>
    <message>
        <source>Could not look up %1: %2</source>
        <translation>无法查找%1：%2</translation>
    </message>
    <message>
        <source>The failure list could not be read from %1: %2</source>
        <translation>无法从%1读取失败列表：%2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>The category counts could not be read from %1: %2</source>
        <translation>无法从%1读取分类计数：%2</translation>
    </message>
    <message>
        <source>This engine cannot search free text; the search box matches ids, processor, function and error code exactly.</source>
        <translation>此引擎不支持自由文本搜索；搜索框按 ID、处理器、函数和错误码精确匹配。</translation>
    </message>
    <message>
        <source>Search the error message and stack trace (and every other text) instead of exact fields; scans every failure</source>
        <translation>搜索错误信息和堆栈跟踪（以及其他所有文本），而非精确字段；会扫描所有失败记录</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>无法打开%1：%2</translation>
    </message>
    <message>
        <source>Creating the demo database (%L1 failures) at %2…</source>
        <translation>正在%2创建演示数据库（%L1条失败记录）…</translation>
    </message>
    <message>
        <source>Creating the demo database: %L1 of %L2 failures…</source>
        <translation>正在创建演示数据库：%L1/%L2条失败记录…</translation>
    </message>
    <message>
        <source>The demo database is ready: %1</source>
        <translation>演示数据库已就绪：%1</translation>
    </message>
    <message>
        <source>Could not create the demo database at %1: %2</source>
        <translation>无法在%1创建演示数据库：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither a saved connection profile nor an http(s) URL.</source>
        <translation>“%1”既不是已保存的连接配置，也不是 http(s) URL。</translation>
    </message>
    <message>
        <source>%1 has no full-text search, so the search box matches execution id, event id, aggregate id, processor, function or error code exactly.</source>
        <translation>%1不支持全文搜索，因此搜索框按执行 ID、事件 ID、聚合 ID、处理器、函数或错误码精确匹配。</translation>
    </message>
    <message>
        <source>The remote server</source>
        <translation>远程服务器</translation>
    </message>
    <message>
        <source>This engine</source>
        <translation>此引擎</translation>
    </message>
    <message>
        <source>Search and filters do not apply to Deleted: Wow&apos;s query API only shows deleted failures for a query that is nothing but the deleted condition.</source>
        <translation>搜索和筛选不适用于“已删除”：Wow 的查询 API 仅在查询条件只有删除条件时才显示已删除的失败记录。</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>%1 — %2 — Wow Compensation Inspector</source>
        <translation>%1 — %2 — Wow Compensation Inspector</translation>
    </message>
    <message>
        <source>Showing the first %L1 of %L2 failures — the server pages through at most %L1; narrow the filter</source>
        <translation>显示%L2条失败记录中的前%L1条——服务器最多分页返回%L1条；请缩小筛选范围</translation>
    </message>
    <message>
        <source>%L1 failure(s)</source>
        <translation>%L1条失败记录</translation>
    </message>
    <message>
        <source>Connection lost: %1 does not answer.</source>
        <translation>连接已断开：%1无响应。</translation>
    </message>
    <message>
        <source>The server does not answer (since %1): actions come back when it does.</source>
        <translation>服务器无响应（自%1起）：恢复响应后即可再次操作。</translation>
    </message>
    <message>
        <source>Not connected: these details were read before %1.</source>
        <translation>未连接：这些详情读取于%1之前。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Trying to reconnect…</source>
        <translation>正在尝试重新连接…</translation>
    </message>
    <message numerus="yes">
        <source>Trying again in %n s.</source>
        <translation>
            <numerusform>%n秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>Connection lost: %1 is not answering since %2 (%3). The list and counts shown were read at %4 (greyed); actions are off. %5</source>
        <translation>连接已断开：%1自%2起无响应（%3）。显示的列表和计数读取于%4（灰显）；操作已禁用。%5</translation>
    </message>
    <message>
        <source>Connected again to %1 (it did not answer from %2 to %3).</source>
        <translation>已重新连接到%1（从%2到%3期间无响应）。</translation>
    </message>
    <message>
        <source>%1 names %2 failures; showing the newest, %3, in %4.</source>
        <translation>%1对应%2条失败记录；显示最新的一条%3，位于%4。</translation>
    </message>
    <message>
        <source>Opened %1 in %2.</source>
        <translation>已在%2中打开%1。</translation>
    </message>
    <message>
        <source>%1 is in this view but not among the loaded rows. Select it in the list to act on it.</source>
        <translation>%1在此视图中，但不在已加载的行中。请在列表中选中它后再操作。</translation>
    </message>
    <message>
        <source>%1 is not in this view (%2 with the current search and filters). Select a failure in the list.</source>
        <translation>%1不在此视图中（当前搜索和筛选条件下为%2）。请在列表中选择一条失败记录。</translation>
    </message>
    <message>
        <source>%1 is not selected in the list; select it there to act on it.</source>
        <translation>%1未在列表中选中；请在列表中选中它后再操作。</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n execution id(s)</source>
        <translation>
            <numerusform>已复制%n个执行 ID</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>已复制%1</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n row(s) as CSV</source>
        <translation>
            <numerusform>已将%n行复制为 CSV</numerusform>
        </translation>
    </message>
    <message>
        <source>Times in UTC</source>
        <translation>以 UTC 显示时间</translation>
    </message>
    <message>
        <source>Times in local time (%1)</source>
        <translation>以本地时间显示时间（%1）</translation>
    </message>
    <message>
        <source>Saved view &quot;%1&quot;</source>
        <translation>已保存视图“%1”</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Import goes into a built-in database opened for writing; open or create one first (File › New database).</source>
        <translation>导入的数据会写入以可写方式打开的内置数据库；请先打开或创建一个（文件 › 新建数据库）。</translation>
    </message>
    <message>
        <source>Saved views…</source>
        <translation>保存的视图…</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Move in the list</source>
        <translation>在列表中移动</translation>
    </message>
    <message>
        <source>Arrows, Page Up/Down, Home/End</source>
        <translation>方向键、Page Up/Down、Home/End</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language is used from the next start of the inspector.</source>
        <translation>新的语言将在下次启动本程序时生效。</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Failure categories with their counts; choosing one lists its failures.</source>
        <translation>失败分类及其数量；选择一个分类即列出其中的失败记录。</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>remote: %1</source>
        <translation>远程：%1</translation>
    </message>
    <message>
        <source>%1 — remote: %2</source>
        <translation>%1 — 远程：%2</translation>
    </message>
    <message>
        <source>built-in: %1</source>
        <translation>内置：%1</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <comment>the engine, opened read-only</comment>
        <translation>%1（只读）</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>概览(&amp;O)</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Summary, pressure clusters, recoverability, retries and the daily trend (Alt+0)</source>
        <translation>摘要、压力集群、可恢复性、重试次数和每日趋势（Alt+0）</translation>
    </message>
    <message>
        <source>Database &amp;properties…</source>
        <translation>数据库属性(&amp;P)…</translation>
    </message>
    <message>
        <source>Database properties are those of a built-in database file; this connection is to a server.</source>
        <translation>数据库属性属于内置数据库文件；当前连接的是服务器。</translation>
    </message>
    <message>
        <source>A database is being upgraded: wait for it to open, or cancel the upgrade.</source>
        <translation>正在升级数据库：请等待其打开，或取消升级。</translation>
    </message>
    <message>
        <source>Upgrading the database</source>
        <translation>正在升级数据库</translation>
    </message>
    <message>
        <source>Upgrading %1 to this version&apos;s database format…
Cancel leaves the file as it was.</source>
        <translation>正在将 %1 升级到此版本的数据库格式…
取消将保持文件原样。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Upgrading %1…</source>
        <translation>正在升级 %1…</translation>
    </message>
</context>
<context>
    <name>wci::OverviewView</name>
    <message>
        <source>Actionable now</source>
        <translation>当前可处理</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Unrecoverable</source>
        <translation>不可恢复</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>In range</source>
        <translation>范围内</translation>
    </message>
    <message>
        <source>After the range</source>
        <translation>范围之后</translation>
    </message>
    <message>
        <source>Before the range</source>
        <translation>范围之前</translation>
    </message>
    <message>
        <source>Due for retry now, with the last attempt inside the range.</source>
        <translation>现在已到期可重试，且最后一次尝试在范围内。</translation>
    </message>
    <message>
        <source>PREPARED past their timeout, with the last attempt inside the range.</source>
        <translation>已超过超时时间的 PREPARED，且最后一次尝试在范围内。</translation>
    </message>
    <message>
        <source>Active and marked unrecoverable, with the last attempt inside the range.</source>
        <translation>活动且被标记为不可恢复，最后一次尝试在范围内。</translation>
    </message>
    <message>
        <source>Every FAILED or PREPARED failure, at any time.</source>
        <translation>所有 FAILED 或 PREPARED 的失败记录，不限时间。</translation>
    </message>
    <message>
        <source>Active failures whose last attempt is inside the range.</source>
        <translation>最后一次尝试在范围内的活动失败记录。</translation>
    </message>
    <message>
        <source>Active failures whose last attempt is after the range.</source>
        <translation>最后一次尝试在范围之后的活动失败记录。</translation>
    </message>
    <message>
        <source>Active failures whose last attempt is before the range.</source>
        <translation>最后一次尝试在范围之前的活动失败记录。</translation>
    </message>
    <message>
        <source>new failures</source>
        <translation>新增失败</translation>
    </message>
    <message>
        <source>prepared</source>
        <translation>已准备</translation>
    </message>
    <message>
        <source>retried and failed</source>
        <translation>重试后失败</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>最近 90 天</translation>
    </message>
    <message>
        <source>Local time (%1)</source>
        <translation>本地时间（%1）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Click to list them.</source>
        <translation>单击以列出它们。</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>错误码</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败记录</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>Prepared</source>
        <translation>已准备</translation>
    </message>
    <message>
        <source>Oldest attempt</source>
        <translation>最早尝试</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>下次重试</translation>
    </message>
    <message>
        <source>The five clusters with the most active failures in the range; click one to list them.</source>
        <translation>范围内活动失败记录最多的五个集群；单击一个以列出它们。</translation>
    </message>
    <message>
        <source>cluster %1 in %2.%3</source>
        <translation>%2.%3 中的集群 %1</translation>
    </message>
    <message>
        <source>Top pressure clusters</source>
        <translation>压力最大的集群</translation>
    </message>
    <message>
        <source>Recoverability</source>
        <translation>可恢复性</translation>
    </message>
    <message>
        <source>Retries so far</source>
        <translation>已重试次数</translation>
    </message>
    <message>
        <source>Daily trend</source>
        <translation>每日趋势</translation>
    </message>
    <message>
        <source>%1: %L2 — click to list them</source>
        <translation>%1：%L2 — 单击以列出它们</translation>
    </message>
    <message>
        <source>This server does not aggregate: reading failures and their events… %L1</source>
        <translation>此服务器不支持聚合：正在读取失败记录及其事件… %L1</translation>
    </message>
    <message>
        <source>Could not compute the overview: %1</source>
        <translation>无法计算概览：%1</translation>
    </message>
    <message>
        <source>Asking the server what it offers…</source>
        <translation>正在询问服务器提供的功能…</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>—</source>
        <comment>no value</comment>
        <translation>—</translation>
    </message>
    <message>
        <source>failures</source>
        <translation>失败记录</translation>
    </message>
    <message>
        <source>retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <source>net backlog (new − succeeded, running)</source>
        <translation>净积压（新增 − 成功，累计）</translation>
    </message>
    <message>
        <source>In the range: %L1 new, %L2 prepared, %L3 retried and failed, %L4 succeeded — retry success rate %5.</source>
        <translation>范围内：新增 %L1，已准备 %L2，重试后失败 %L3，成功 %L4 — 重试成功率 %5。</translation>
    </message>
    <message>
        <source>on the server&apos;s clock</source>
        <translation>按服务器时钟</translation>
    </message>
    <message>
        <source>on this computer&apos;s clock</source>
        <translation>按本机时钟</translation>
    </message>
    <message>
        <source>Computed by reading %L1 failures and event streams (this server does not aggregate) in %2, %3.</source>
        <translation>通过读取 %L1 条失败记录和事件流计算（此服务器不支持聚合），用时 %2，%3。</translation>
    </message>
    <message>
        <source>Aggregated by the engine in %1, %2.</source>
        <translation>由引擎聚合，用时 %1，%2。</translation>
    </message>
    <message>
        <source>%1 in the range</source>
        <translation>范围内的 %1</translation>
    </message>
    <message>
        <source>%1 retries, in the range</source>
        <translation>范围内重试 %1 次的</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 的%1</translation>
    </message>
</context>
<context>
    <name>wci::SnapshotScan</name>
    <message>
        <source>The server lists at most %1 deleted failures at once and cannot page them (Wow before 9.0); narrow the condition.</source>
        <translation>服务器一次最多列出 %1 个已删除的失败，且无法分页（Wow 9.0 之前）；请缩小条件。</translation>
    </message>
</context>
<context>
    <name>wci::StackTraceView</name>
    <message>
        <source>Find in stack trace</source>
        <translation>在堆栈跟踪中查找</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配项 (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一个匹配项 (Enter)</translation>
    </message>
    <message>
        <source>Wrap</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Jump to an exception or Caused by: section</source>
        <translation>跳转到异常或 Caused by: 段落</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the whole stack trace</source>
        <translation>复制整个堆栈跟踪</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n 个匹配项</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wci::StateDiffModel</name>
    <message>
        <source>(removed)</source>
        <translation>（已移除）</translation>
    </message>
    <message>
        <source>(absent)</source>
        <translation>（不存在）</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
</context>
<context>
    <name>wci::StorageDialog</name>
    <message>
        <source>Database properties</source>
        <translation>数据库属性</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Size on disk:</source>
        <translation>磁盘占用：</translation>
    </message>
    <message>
        <source>Free space in the file:</source>
        <translation>文件内空闲空间：</translation>
    </message>
    <message>
        <source>Failures:</source>
        <translation>失败：</translation>
    </message>
    <message>
        <source>Event streams:</source>
        <translation>事件流：</translation>
    </message>
    <message>
        <source>Documents:</source>
        <translation>文档：</translation>
    </message>
    <message>
        <source>Stored as:</source>
        <translation>存储大小：</translation>
    </message>
    <message>
        <source>Compression:</source>
        <translation>压缩：</translation>
    </message>
    <message>
        <source>Not yet compressed:</source>
        <translation>尚未压缩：</translation>
    </message>
    <message>
        <source>Dictionary:</source>
        <translation>字典：</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>&amp;Compact</source>
        <translation>压缩整理(&amp;C)</translation>
    </message>
    <message>
        <source>Compress every document with the file&apos;s dictionary, then rewrite the file without its free space. Runs in the background; Cancel keeps what was done.</source>
        <translation>用文件的字典压缩每个文档，然后重写文件以去掉其空闲空间。在后台运行；取消会保留已完成的部分。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Could not read the database: %1</source>
        <translation>无法读取数据库：%1</translation>
    </message>
    <message>
        <source>Rewriting the file without its free space…</source>
        <translation>正在重写文件以去掉空闲空间…</translation>
    </message>
    <message>
        <source>Compact failed: %1. The data is as it was.</source>
        <translation>压缩整理失败：%1。数据保持原样。</translation>
    </message>
    <message>
        <source>Cancelled. What was recompressed stays; nothing was lost.</source>
        <translation>已取消。已重新压缩的部分保留；没有丢失任何数据。</translation>
    </message>
    <message>
        <source>Compacted: %L1 documents recompressed; the file went from %2 to %3.</source>
        <translation>已压缩整理：重新压缩了 %L1 个文档；文件从 %2 变为 %3。</translation>
    </message>
    <message>
        <source>Cancelled after %L1 documents were recompressed; the file was not rewritten. Nothing was lost.</source>
        <translation>在重新压缩 %L1 个文档后取消；文件未被重写。没有丢失任何数据。</translation>
    </message>
    <message>
        <source>Compressing documents…</source>
        <translation>正在压缩文档…</translation>
    </message>
    <message>
        <source>&amp;Cancel compact</source>
        <translation>取消压缩整理(&amp;C)</translation>
    </message>
    <message>
        <source>%L1 (%2 as JSON)</source>
        <translation>%L1（JSON 共 %2）</translation>
    </message>
    <message>
        <source>%1× smaller</source>
        <translation>缩小为 1/%1</translation>
    </message>
    <message>
        <source>%L1 documents — Compact compresses them</source>
        <translation>%L1 个文档 — 压缩整理会压缩它们</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <source>%n dictionary(ies), %1, trained from the file&apos;s own documents</source>
        <translation>
            <numerusform>%n 个字典，%1，由文件自身的文档训练而成</numerusform>
        </translation>
    </message>
    <message>
        <source>none yet (trained once the file holds enough documents)</source>
        <translation>尚无（文件中文档足够多时训练）</translation>
    </message>
    <message>
        <source>The database is open read-only.</source>
        <translation>数据库以只读方式打开。</translation>
    </message>
</context>
<context>
    <name>wci::TimelineModel</name>
    <message>
        <source>Created: failed</source>
        <translation>已创建：失败</translation>
    </message>
    <message>
        <source>Created: failed with %1</source>
        <translation>已创建：失败，错误码 %1</translation>
    </message>
    <message>
        <source>Prepared (attempt %1)</source>
        <translation>已准备（第 %1 次尝试）</translation>
    </message>
    <message>
        <source>Failed again: %1</source>
        <translation>再次失败：%1</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>已成功</translation>
    </message>
    <message>
        <source>Retry spec set: max %1, backoff %2 s, timeout %3 s</source>
        <translation>已设置重试规范：最大 %1，退避 %2 秒，超时 %3 秒</translation>
    </message>
    <message>
        <source>Marked %1</source>
        <translation>已标记为 %1</translation>
    </message>
    <message>
        <source>Function changed to %1.%2</source>
        <translation>函数已更改为 %1.%2</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>(system)</source>
        <translation>（系统）</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>After</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>已更改</translation>
    </message>
</context>
</TS>
